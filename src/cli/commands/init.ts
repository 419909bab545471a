import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';

export const init = defineCommand({
  usage: 'init',
  summary: "start an editor's site repo here: config, an example tool, personas, runs",
  help: `Usage: panel init

Writes, in this folder: panel.config.yaml, tools/ with one example tool,
personas/ as editable copies of panel's five reviewers, an empty runs/, and
a .gitignore for runs/.work/. Refuses to overwrite anything (exit 2): run it in
an empty folder. Then: \`panel review smolvlm2\`, \`panel publish --out public\`.
`,
  async run(args, io): Promise<number> {
    noPositionals(args, 'panel init');
    const { initSite } = await import('../../site/init.js');
    const written = await initSite(io.cwd);
    io.stdout.write(`Wrote ${written.join(', ')}.\n` + 'Next: set ANTHROPIC_API_KEY (or OPENAI_API_KEY), then `npx panel review smolvlm2`, then `npx panel publish --out public`.\n');
    return 0;
  },
});
