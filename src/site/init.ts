import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { PUBLISH_WORKFLOW, WEEKLY_WORKFLOW } from './ci-workflows.js';
import { packageRoot } from '../util/package-root.js';

const CONFIG = `# panel's configuration for this site (README: panel.config.yaml).
catalog: tools          # one <slug>.yaml per tool
runs: runs              # run records: commit them, they are your panel's history
personas: personas      # the reviewers' prompts: edit them to make the panel yours
concurrency: 5
site:
  title: AI Tool Verdicts
  # base_url: https://verdicts.example.com/   # absolute links in the Atom feed
  newsletter:
    heading: Weekly AI Tool Verdicts
    text: New AI tools ship daily. We compare them before you waste an afternoon.
    # url: https://example.com/subscribe
approval: required      # publish only runs an editor approved (panel queue, panel approve, panel desk)
grounding: on           # a checker model reads each new quote's claims against the tool's material
comparisons: []         # pages to publish: pairs of tools in tools/, e.g. [[smolvlm2, another-tool]]
`;

const EXAMPLE_TOOL = `name: SmolVLM2
category: Developer Tools
tagline: Open-source 2B vision-language model that punches above its weight class
url: https://huggingface.co/blog/smolvlm2
maker: Hugging Face
source: huggingface:HuggingFaceTB/SmolVLM2-2.2B-Instruct   # panel watch asks it what changed
pricing:
  entry: Free
  notes: Apache 2.0 weights, self-hosted
description: |
  SmolVLM2 is an open-source 2-billion-parameter vision-language model from
  Hugging Face. It reads images and short videos and answers questions about
  them, runs on a single consumer GPU, and loads with the transformers
  library in a few lines. It reports strong results on MMBench and TextVQA
  for its size, and is released under the Apache 2.0 licence.
`;

/**
 * `panel init`: an editor's own site repository, ready to review and publish:
 * the config, one example tool, editable copies of the personas, an empty
 * runs folder, and a .gitignore for the runs folder's scratch space. It never
 * overwrites: anything already there is named and nothing is written.
 */
export async function initSite(dir: string): Promise<string[]> {
  const targets = ['panel.config.yaml', 'tools', 'personas', 'runs', '.gitignore'];
  const existing = targets.filter((t) => existsSync(join(dir, t)));
  if (existing.length) {
    throw new UsageError(
      `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''} here; nothing was written. ` +
        `panel init writes ${targets.filter((t) => !existing.includes(t)).join(', ') || 'nothing else'}${existing.length < targets.length ? ' besides' : ''} and never overwrites: run it in an empty folder, or move those aside first.`,
    );
  }
  const personasFrom = join(packageRoot().dir, 'personas');
  await mkdir(join(dir, 'tools'), { recursive: true });
  await mkdir(join(dir, 'personas'));
  await mkdir(join(dir, 'runs'));
  await writeFile(join(dir, 'panel.config.yaml'), CONFIG);
  await writeFile(join(dir, 'tools', 'smolvlm2.yaml'), EXAMPLE_TOOL);
  for (const name of (await readdir(personasFrom)).filter((n) => n.endsWith('.md'))) await copyFile(join(personasFrom, name), join(dir, 'personas', name));
  await writeFile(join(dir, 'runs', '.gitkeep'), '');
  await writeFile(join(dir, '.gitignore'), '# panel: checkpoints, locks and pending batches (not history)\nruns/.work/\nnode_modules/\n');
  return ['panel.config.yaml', 'tools/smolvlm2.yaml', 'personas/ (5 personas)', 'runs/', '.gitignore'];
}

/**
 * `panel init --ci github`: the weekly workflow and the publish workflow, in
 * .github/workflows/. Written beside a site `panel init` made before, or with
 * one; never over a workflow file that exists.
 */
export async function initWorkflows(dir: string): Promise<string[]> {
  const files: [string, string][] = [
    ['.github/workflows/panel-weekly.yml', WEEKLY_WORKFLOW],
    ['.github/workflows/panel-publish.yml', PUBLISH_WORKFLOW],
  ];
  const existing = files.filter(([path]) => existsSync(join(dir, path))).map(([path]) => path);
  if (existing.length)
    throw new UsageError(
      `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written. Move ${existing.length === 1 ? 'it' : 'them'} aside to have panel write ${existing.length === 1 ? 'it' : 'them'} again.`,
    );
  await mkdir(join(dir, '.github', 'workflows'), { recursive: true });
  for (const [path, text] of files) await writeFile(join(dir, path), text);
  return files.map(([path]) => path);
}

/** Whether this folder already holds a site `panel init` wrote. */
export function hasSite(dir: string): boolean {
  return existsSync(join(dir, 'panel.config.yaml'));
}
