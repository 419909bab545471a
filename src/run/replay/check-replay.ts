import { materialHash } from '../../review/claim-check-prompt.js';
import { WIRES } from '../../providers/wire-registry.js';
import type { Call } from '../../providers/provider.js';
import type { ClaimCheckRecord } from '../../shapes/claim-check.js';
import type { RunRecord } from '../../shapes/run-record.js';
import type { Tool } from '../../shapes/tool.js';
import type { Scheduler } from '../ask/scheduler.js';
import { askCalls } from '../kinds/call-kind.js';
import { claimCheckCalls } from '../kinds/claim-check-calls.js';
import { checkerPersona, planCheck, uncheckedQuotes, type CheckOutcome } from '../live/check-claims.js';
import { assignPersona } from '../plan/assign.js';
import type { Planner, Route } from '../plan/plan.js';
import type { Session } from '../session.js';
import { replayByHash } from './hash-replay.js';

/**
 * The claim checks of a replayed run, with no network and nothing written.
 * Strict with `grounding: on`: the check a live run made of the quotes no
 * earlier check had read is built again from today's inputs and answered by
 * its request hash from the tool's recorded checks, so a changed checker
 * prompt, model or material is a miss that says what changed. Otherwise the
 * stored checks are read as they are.
 */
export async function replayChecks(session: Session, tool: Tool, record: RunRecord, options: { strict: boolean; planner: Planner; scheduler: Scheduler }): Promise<CheckOutcome & { missed?: string }> {
  const stored = await session.store.claimChecks(tool.slug);
  const nothingAsked = { slug: tool.slug, record: undefined, paid: [] };
  if (!options.strict || !session.config.grounding) return { ...nothingAsked, current: stored };
  // What the live run found already checked: every check made for another run.
  const earlier = stored.filter((c) => c.reviewRun !== record.runId);
  const quotes = uncheckedQuotes(record, earlier);
  if (quotes.length === 0) return { ...nothingAsked, current: earlier };
  const own = stored.filter((c) => c.reviewRun === record.runId);
  const recorded = own.find((c) => c.status === 'ok') ?? own[0];
  const route = checkerRoute(session, record, recorded);
  const call = planCheck(session, tool, route, options.planner, quotes, record.runId);
  const exchanges = stored.flatMap((c) => c.exchanges.map((exchange) => ({ exchange, runId: c.runId })));
  const provider = replayByHash(exchanges, route.api, (asked) => explainMiss(tool, record, recorded, asked));
  const [check] = await askCalls(claimCheckCalls(session, tool), [call], { providers: new Map([[route.provider, provider]]), scheduler: options.scheduler, priceFor: session.priceFor });
  if (check!.status === 'failed') return { ...nothingAsked, current: earlier, missed: check!.error?.message ?? 'no answer' };
  return { ...nothingAsked, record: check, current: [check!, ...earlier] };
}

/** Where the checker ran for the run (its recorded check), with --checker or `checker:` still applying so a replay says when the model changed. */
function checkerRoute(session: Session, record: RunRecord, recorded: ClaimCheckRecord | undefined): Route {
  const provider = recorded?.checker.provider ?? record.provider;
  const api = recorded?.checker.api ?? record.provider;
  const chosen = assignPersona(session, checkerPersona(session), provider);
  const model = (chosen.provider === provider ? chosen.model : undefined) ?? recorded?.checker.model ?? WIRES[api].defaultModel;
  return { provider, api, model };
}

function explainMiss(tool: Tool, record: RunRecord, recorded: ClaimCheckRecord | undefined, call: Call): string {
  const head = `No recorded claim check of ${tool.slug} answers the checker's request for the quotes of ${record.runId}`;
  if (!recorded) return `${head}: none was recorded for that run (it ran with grounding off, or its check never finished). Run \`panel regen ${tool.slug}\` live to check it.`;
  const changed = [
    recorded.material !== materialHash(tool) ? "the tool's material" : '',
    recorded.checker.model !== call.params.model ? `the checker's model (${recorded.checker.model} → ${call.params.model})` : '',
  ].filter(Boolean);
  const why = changed.length ? `${changed.join(' and ')} changed since ${recorded.runId}` : `the checker's instructions or parameters changed since ${recorded.runId}`;
  return `${head}: ${why}. Run it live to record it.`;
}
