import { UsageError } from '../../errors.js';
import { outputFormat, stringFlag } from '../args.js';
import { defineCommand } from '../command.js';

export const watch = defineCommand({
  usage: 'watch [tool...]',
  summary: "ask each tool's source what changed: releases, licence, README (runs/.sources/)",
  options: { diff: { type: 'string' } },
  help: `Usage: panel watch [tool...] [--json] [--diff TOOL]

Asks each tool's \`source:\` (github:, huggingface:, npm:, pypi:, url:) what
changed since the last look, with conditional requests (a 304 costs GitHub no
rate limit), at most 4 requests in flight per host, and the host's rate limit
respected: a reset within 60 s is waited for, a later one stops that host for
the rest of the command. Each tool's snapshot, runs/.sources/<tool>.json, is
written whole when something changed; a tool whose source fails keeps its last
one. The latest release and licence are inputs of the next review, so
\`panel regen\` then re-reviews exactly the tools whose release or licence
changed. GITHUB_TOKEN and HF_TOKEN are sent when set.

  --diff TOOL   also print, line by line, how TOOL's README or page changed,
                to rewrite its description by (panel never rewrites it)

Exit 0 when every source answered (changed or not), 1 when any failed or was
rate-limited (the others were all asked).
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    const diffOf = stringFlag(args.values, 'diff');
    const [{ sessionFor }, { watchTools }, { formatTable }] = await Promise.all([import('../session.js'), import('../../watch/watch.js'), import('../../render/table.js')]);
    const session = await sessionFor(args, io);
    const slugs = diffOf && !args.positionals.includes(diffOf) && args.positionals.length ? [...args.positionals, diffOf] : args.positionals;
    const result = await watchTools(session, slugs);
    if (diffOf && !result.rows.some((r) => r.slug === diffOf)) throw new UsageError(`--diff names ${diffOf}, which has no \`source:\` to watch.`);
    const bad = result.rows.some((r) => r.failed.length > 0);
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ tools: result.rows.map(({ readmes: _r, ...row }) => row), stopped: result.stopped }, null, 2)}\n`);
      return bad ? 1 : 0;
    }
    if (result.rows.length === 0) {
      io.stdout.write('No tool has a `source:` to watch. Add one to a tool file, e.g. source: github:owner/repo.\n');
      return 0;
    }
    const rows = result.rows.map((r) => [r.slug, r.failed.length ? `failed: ${r.failed.join('; ')} (its last snapshot is kept)` : r.changes.length ? r.changes.join('; ') : 'no change']);
    io.stdout.write(`${formatTable(['tool', 'what changed'], rows)}\n`);
    for (const s of result.stopped) io.stdout.write(`${s.host} is rate-limited until ${s.until}: its tools were not asked; run \`panel watch\` again after then.\n`);
    const changed = result.rows.filter((r) => r.changes.some((c) => /release|licence/.test(c))).map((r) => r.slug);
    if (changed.length) io.stdout.write(`\`panel regen ${changed.join(' ')}\` re-reviews the tools whose release or licence changed.\n`);
    for (const d of result.rows.find((r) => r.slug === diffOf)?.readmes ?? []) io.stdout.write(`\n${diffOf} · ${d.source}:\n${lineDiff(d.before, d.after)}\n`);
    if (diffOf && !result.rows.find((r) => r.slug === diffOf)?.readmes.length) io.stdout.write(`\n${diffOf}: its README did not change since the last look.\n`);
    return bad ? 1 : 0;
  },
});

/** Lines removed (-) and added (+), in the new text's order: enough to rewrite a description by. */
function lineDiff(before: string, after: string): string {
  const old = new Set(before.split('\n'));
  const now = new Set(after.split('\n'));
  const removed = [...old].filter((l) => !now.has(l) && l.trim()).map((l) => `- ${l}`);
  const added = after
    .split('\n')
    .filter((l) => !old.has(l) && l.trim())
    .map((l) => `+ ${l}`);
  return [...removed, ...added].join('\n');
}
