import { UsageError } from '../../errors.js';
import { defineCommand, PAGE_OPTIONS } from '../command.js';
import { emit, pageOutput } from '../output.js';

export const compare = defineCommand({
  usage: 'compare <a> <b>',
  summary: "comparison page of two tools' latest runs (--format md|html|json, --out FILE)",
  options: { ...PAGE_OPTIONS, 'allow-incomplete': { type: 'boolean' }, 'head-to-head': { type: 'boolean' }, personas: { type: 'string' }, force: { type: 'boolean' } },
  help: `Usage: panel compare <a> <b> [--format md|html|json] [--out FILE] [--fragment]

Renders the comparison page from the latest run of each tool: both cards,
the panel verdict, the reviewer scorecard, the pricing read, the reviewer
split and the community vote comparison. <a> and <b> are tool slugs, runIds
or paths to run records (to pin exactly what gets published). Calls no model.
Markdown goes to stdout by default; --fragment gives HTML without <html> and
<head>, its styles scoped, for pasting into a site's page.

Each tool's verdict is its newest complete run (every persona answered). A
tool with no complete run is refused (exit 1) unless --allow-incomplete is
given; the page then says "incomplete" and shows no error text.

  --head-to-head    each persona on either panel picks between the two tools,
                    asked twice (A first, then B first); a pick that changes
                    with the order is position-dependent. Written as a
                    comparison record; with no provider, the latest one is
                    replayed. The page's verdict follows the head-to-head.
  --personas a,b    narrow the head-to-head to these personas
  --force           ask every pick again; without it, a head-to-head whose
                    inputs all match the latest one is reused, and only
                    the picks whose inputs changed are asked
`,
  async run(args, io): Promise<number> {
    const output = pageOutput(args, 'md', false);
    if (args.positionals.length !== 2) throw new UsageError('Name two tools or runs: `panel compare <a> <b>`.');
    const [{ sessionFor }, lookup, { buildComparison, publishable }, { renderPage }, { WorkError }] = await Promise.all([
      import('../session.js'),
      import('../../run/verdict-lookup.js'),
      import('../../aggregate/comparison.js'),
      import('../../render/page.js'),
      import('../../errors.js'),
    ]);
    const session = await sessionFor(args, io);
    const panels = [];
    for (const arg of args.positionals) {
      const { record, complete } = await lookup.runFor(session, arg);
      if (!complete && !args.values['allow-incomplete']) {
        throw new WorkError(
          `${record.tool.slug} has no complete run to publish: ${record.runId} is incomplete. ` +
            `Run \`panel regen ${record.tool.slug}\` to retry its failed personas, or pass --allow-incomplete to render it marked incomplete.`,
        );
      }
      panels.push(publishable(await lookup.panelFor(session, record)));
    }
    const [a, b] = panels;
    if (a!.tool.slug === b!.tool.slug && a!.run.runId === b!.run.runId) {
      throw new UsageError(`Both sides are the same run (${a!.run.runId}); compare two tools, or two runs of one tool.`);
    }
    if (!args.values['head-to-head']) {
      // Two tools' verdicts: their latest head-to-head, if any, as publish shows it. Pinned runs: the panels alone.
      const pinned = args.positionals.some((arg) => arg !== a!.tool.slug && arg !== b!.tool.slug);
      const recorded = pinned ? undefined : await lookup.latestHeadToHead(session, a!.tool.slug, b!.tool.slug);
      const { headToHead } = await import('../../aggregate/head-to-head.js');
      await emit(io, renderPage(buildComparison(a!, b!, recorded ? headToHead(recorded) : undefined), output.format, { ...output, publicPage: true }), output.out);
      return 0;
    }
    const [{ runHeadToHead }, { headToHead }, { Planner }, { describeSpend, spendOf }] = await Promise.all([
      import('../../run/head-to-head/head-to-head.js'),
      import('../../aggregate/head-to-head.js'),
      import('../../run/plan/plan.js'),
      import('../../cost/spend.js'),
    ]);
    const narrow =
      typeof args.values['personas'] === 'string'
        ? args.values['personas']
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
        : undefined;
    const force = Boolean(args.values['force']);
    const duel = await runHeadToHead(session, [a!.tool.slug, b!.tool.slug], { planner: new Planner(session, true), force, ...(narrow ? { personas: narrow } : {}) });
    if (duel.paid.length) session.notice(`spent: ${describeSpend(spendOf(duel.paid))}`);
    if (duel.current && !duel.replayedFrom) session.notice(`the head-to-head is current (${duel.record!.runId}): every pick's inputs match it, so nothing was asked. --force asks every pick again.`);
    if (duel.unfinished) {
      const { commandLine } = await import('../args.js');
      session.notice(
        `stopped with ${duel.unfinished.kept} of ${duel.unfinished.of} picks in; they are kept in ${duel.unfinished.checkpoint} and are not asked again. Continue with: ${commandLine(args)}`,
      );
      return 1;
    }
    if (duel.runFile) session.notice(`comparison recorded: ${duel.runFile}`);
    await emit(io, renderPage(buildComparison(a!, b!, headToHead(duel.record!)), output.format, { ...output, publicPage: true }), output.out);
    return duel.record!.picks.some((p) => p.status === 'failed') ? 1 : 0;
  },
});
