import { outputFormat } from '../args.js';
import { defineCommand } from '../command.js';

export const stats = defineCommand({
  usage: 'stats [tool...]',
  summary: 'how the panel agrees: ship rates, dissent, Fleiss κ, flips, the community',
  help: `Usage: panel stats [tool...] [--json]

Over each tool's verdict (its newest complete run; the whole catalog unless
tools are named): each persona's ship rate and how often it is the lone
dissent; agreement between each pair of personas and Fleiss' κ for the panel;
the share of contested verdicts where personas were sampled more than once;
how often verdicts flip from one run to the next; and, for tools with
community votes, Spearman's ρ between panel ship % and the readers' ship
share, with the largest gaps; and, over every head-to-head run, how often
each persona's pick follows the first tool shown. Every figure carries its n;
with too few data it says so instead of a number. Calls no model.

Against the editors (\`panel label\`): per persona, Cohen's κ, agreement and
leniency (its ship rate minus the editors') over the labelled tools, each
with its n, "too few labels" under 20; labels set beside an older prompt or
model are counted as stale, not mixed in; and the share of its reviews the
editors overrode or rejected. In --json: \`editors: { <persona>: { n,
agreement, kappa, leniency, stale, overrides, rejects, reviews } }\`.

With claim checks (\`grounding: on\`): per persona, the claims a quote makes,
the share the tool's material supports and the share it contradicts, each
with its n (\`claims\` in --json).
`,
  async run(args, io): Promise<number> {
    const format = outputFormat(args.values, ['text', 'json'] as const, 'text');
    const [{ sessionFor }, { listSlugs }, { panelStats }, { renderStats }, { verdictOf }] = await Promise.all([
      import('../session.js'),
      import('../../catalog/catalog.js'),
      import('../../aggregate/stats.js'),
      import('../../render/stats-report.js'),
      import('../../aggregate/completeness.js'),
    ]);
    const [{ editorialOf }, { editorAgreement, currentJudges }, { claimStats }] = await Promise.all([
      import('../../run/editorial-lookup.js'),
      import('../../aggregate/calibration.js'),
      import('../../aggregate/claims.js'),
    ]);
    const session = await sessionFor(args, io);
    const slugs = args.positionals.length ? args.positionals : await listSlugs(session.config.catalog);
    const latest = [];
    const histories = [];
    const labelled = [];
    const checks = [];
    for (const slug of slugs) {
      const history = await session.store.history(slug); // newest first, read once for the verdict, the flips and the labels
      const { complete } = verdictOf(history);
      if (complete) latest.push(complete);
      histories.push([...history].reverse());
      labelled.push({ runs: history, state: await editorialOf(session, slug) });
      checks.push(...(await session.store.claimChecks(slug)));
    }
    const comparisons = [];
    for (const pair of await session.store.comparisonPairs()) {
      for (const id of await session.store.comparisonRunIds(pair)) comparisons.push(await session.store.readComparison(pair, id));
    }
    const editors = editorAgreement(labelled, currentJudges(session.personas, latest));
    io.stdout.write(renderStats({ ...panelStats(latest, histories, comparisons), editors, claims: claimStats(checks) }, format));
    return 0;
  },
});
