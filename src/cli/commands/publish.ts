import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { stringFlag } from '../args.js';
import { defineCommand } from '../command.js';
import { noPositionals } from '../flags.js';
import { plural } from '../../render/words.js';

/** `--since 7d` or an ISO date, validated at the edge. */
function sinceFlag(value: string | undefined, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const days = /^(\d+)d$/.exec(value);
  if (days) return new Date(now.getTime() - Number(days[1]) * 86_400_000);
  const date = new Date(value);
  if (/^\d{4}-\d\d-\d\d/.test(value) && !Number.isNaN(date.getTime())) return date;
  throw new UsageError(`--since is \`${value}\`; give a number of days (7d) or a date (2026-12-01).`);
}

export const publish = defineCommand({
  usage: 'publish --out DIR',
  summary: 'the public site as static files: index, tool pages, comparisons, Atom feed',
  options: { out: { type: 'string' }, digest: { type: 'boolean' }, since: { type: 'string' } },
  help: `Usage: panel publish --out DIR [--digest --since 7d|DATE]

Writes the public site: index.html (every tool with its verdict), a page per
tool in tools/, the comparison pages listed under \`comparisons:\` in the
config (compare/), and feed.xml, an Atom feed of verdict changes. Only
complete runs are published: a tool whose newest run is incomplete keeps its
last complete verdict, and publish lists what it held back. \`site:\` in the
config sets the title, the base URL (absolute links in the feed) and the
newsletter block. The folder is replaced whole, never half-written.

publish writes only to a new or empty folder, or one it published before
(it keeps the list of its files in .panel-site.json there). Files it did not
write (CNAME, .nojekyll, .git, your own) are kept. It refuses the project
folder, the config file, the runs, catalog and personas folders, and any
folder that holds one of them.

  --digest --since 7d   also write digest.html and digest.md for the
                        newsletter: the period's comparisons, then one entry
                        per tool whose verdict changed (new verdicts first,
                        netted over the period); 7 days by default
`,
  async run(args, io): Promise<number> {
    noPositionals(args, 'panel publish');
    const out = stringFlag(args.values, 'out');
    if (!out) throw new UsageError('Name the folder to write the site to: `panel publish --out public`.');
    if (stringFlag(args.values, 'since') !== undefined && !args.values['digest'])
      throw new UsageError('--since sets the period of the digest: give it with --digest (`panel publish --out public --digest --since 7d`).');
    const [{ sessionFor }, { publishSite }] = await Promise.all([import('../session.js'), import('../../site/publish.js')]);
    const session = await sessionFor(args, io);
    const since = args.values['digest'] ? (sinceFlag(stringFlag(args.values, 'since'), session.now()) ?? sinceFlag('7d', session.now())) : undefined;
    const report = await publishSite(session, resolve(io.cwd, out), since ? { since } : {});
    if (report.adopted) session.notice(`${out} holds a site an earlier panel published; panel now keeps a list of the files it writes there (.panel-site.json) and leaves every other file alone.`);
    for (const line of report.heldBack) session.notice(`held back: ${line}`);
    if (report.relativeFeed) session.notice('the feed links are relative: set `site.base_url` in panel.config.yaml for absolute links.');
    io.stdout.write(
      `Wrote ${report.pages.length} files to ${out}/: ${plural(report.pages.filter((p) => p.startsWith('tools/')).length, 'tool page')}, ${plural(report.comparisons, 'comparison page')}, index.html, feed.xml${since ? ', digest.html, digest.md' : ''}.\n`,
    );
    return 0;
  },
});
