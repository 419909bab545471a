import { UsageError } from '../../errors.js';
import { stringFlag } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

export const init = defineCommand({
  usage: 'init [--ci github]',
  options: { ci: { type: 'string' } },
  summary: "start an editor's site repo here: config, an example tool, personas, runs",
  help: `Usage: panel init

Writes, in this folder: panel.config.yaml, tools/ with one example tool,
personas/ as editable copies of panel's five reviewers, an empty runs/, and
a .gitignore for runs/.work/. Refuses to overwrite anything (exit 2): run it in
an empty folder. Then: \`panel review smolvlm2\`, \`panel publish --out public\`.

  --ci github   also write .github/workflows/panel-weekly.yml (each week and
                on demand: panel watch, panel regen, and a pull request with
                the new runs) and panel-publish.yml (the site to GitHub Pages
                from main). In a folder that already holds a site, only the
                workflows are written. The workflows read the API keys from
                the repository's secrets (README: Your own site).
`,
  async run(args, io): Promise<number> {
    noPositionals(args, 'panel init');
    const ci = stringFlag(args.values, 'ci');
    if (ci !== undefined && ci !== 'github') throw new UsageError(`--ci is \`${ci}\`; panel writes workflows for github only: --ci github.`);
    const { initSite, initWorkflows, hasSite } = await import('../../site/init.js');
    if (ci && hasSite(io.cwd)) {
      const workflows = await initWorkflows(io.cwd);
      io.stdout.write(`Wrote ${workflows.join(', ')}. Set the ANTHROPIC_API_KEY (or OPENAI_API_KEY) secret, and Pages' source to GitHub Actions.\n`);
      return 0;
    }
    const written = [...(await initSite(io.cwd)), ...(ci ? await initWorkflows(io.cwd) : [])];
    io.stdout.write(`Wrote ${written.join(', ')}.\n` + 'Next: set ANTHROPIC_API_KEY (or OPENAI_API_KEY), then `npx panel review smolvlm2`, then `npx panel publish --out public`.\n');
    return 0;
  },
});
