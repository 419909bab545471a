import { costOf, type Price } from '../../cost/prices.js';
import type { BatchResult } from '../../providers/batch/anthropic.js';
import { WIRES } from '../../providers/wire-registry.js';
import { buildCheckPrompt } from '../../review/claim-check-prompt.js';
import { parseAnswer } from '../../review/parse.js';
import type { CheckEntry, PendingBatch } from '../../records/pending-batch.js';
import type { ClaimCheckRecord } from '../../shapes/claim-check.js';
import type { RunRecord } from '../../shapes/run-record.js';
import type { Tool } from '../../shapes/tool.js';
import { NO_USAGE } from '../../shapes/usage.js';
import { hashOf } from '../../util/hash.js';
import { checkAnswerSchema, checkRecordOf, plannedCheck, type PlannedCheck } from '../kinds/claim-check-calls.js';
import { checkParams, noticeCheckerRecused, uncheckedQuotes } from '../live/check-claims.js';
import type { Planner, Route } from '../plan/plan.js';
import type { Session } from '../session.js';

/** Both providers bill batch calls at half the standard price. */
export const BATCH_PRICE_FACTOR = 0.5;

/** How a batch command checks claims (`grounding: on`): where each tool's checker runs, and the planner that sets its parameters. */
export interface BatchChecking {
  route: (tool: Tool) => Route;
  planner: Planner;
}

/** Where a tool's checker runs, fixed when its reviews are submitted; undefined when the guard keeps it off the tool (said once). */
export function batchChecker(session: Session, tool: Tool, checking: BatchChecking): PendingBatch['tools'][string]['checker'] {
  const route = checking.route(tool);
  if (route.recused) {
    noticeCheckerRecused(session, tool.slug, route.recused);
    return undefined;
  }
  return { provider: route.provider, api: route.api, model: route.model, params: checkParams(session, tool, route, checking.planner) };
}

/** A claim check as a batch entry: the planned check and the request body a live call would send. */
function checkEntry(tool: Tool, call: PlannedCheck): CheckEntry {
  const request = WIRES[call.api].buildRequest(buildCheckPrompt(tool, call.quotes), call.params);
  return { call, request, requestHash: hashOf(request) };
}

/** The check a run owes (its quotes no stored check has read), as a batch entry; undefined when it owes none. */
export async function owedCheck(session: Session, tool: Tool, run: RunRecord, checker: NonNullable<PendingBatch['tools'][string]['checker']>): Promise<CheckEntry | undefined> {
  const quotes = uncheckedQuotes(run, await session.store.claimChecks(tool.slug));
  if (quotes.length === 0) return undefined;
  const { params, ...route } = checker;
  return checkEntry(tool, plannedCheck(tool, route, params, quotes, run.runId));
}

/** The runs a batch command checks now: each tool's verdict run that needs no new review but has quotes no check has read. */
export async function checksOwedNow(session: Session, tools: readonly Tool[], checking: BatchChecking): Promise<CheckEntry[]> {
  const out: CheckEntry[] = [];
  for (const tool of tools) {
    const run = (await session.store.latestComplete(tool.slug)).complete;
    const checker = run && batchChecker(session, tool, checking);
    const entry = run && checker && (await owedCheck(session, tool, run, checker));
    if (entry) out.push(entry);
  }
  return out;
}

/** A batch answer as a claim check: parsed as a live answer is (no re-ask: a bad answer fails and its quotes are checked again next time). */
export function checkFromResult(session: Session, entry: CheckEntry, result: BatchResult | undefined, price: Price | undefined): ClaimCheckRecord {
  const { call } = entry;
  if (!result || result.type !== 'succeeded') {
    const type = result?.type ?? 'expired';
    return checkRecordOf(session, call, { error: { kind: `batch_${type}`, message: `the batch entry was ${type}` } }, { exchanges: [], usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 1 });
  }
  const output = WIRES[call.api].readResponse(result.message);
  const parsed = parseAnswer(output, checkAnswerSchema(call));
  const exchange = { request: entry.request, requestHash: entry.requestHash, response: { status: 200, headers: {}, body: result.message }, latencyMs: 0, attempts: 1 };
  return checkRecordOf(
    session,
    call,
    parsed.ok ? { answer: parsed.answer } : { error: { ...parsed.failure, message: `${parsed.failure.message} (a batch answer gets no re-ask; its quotes are checked again next time)` } },
    {
      exchanges: [exchange],
      usage: output.usage,
      cost: price ? costOf(output.usage, price) * BATCH_PRICE_FACTOR : null,
      latencyMs: 0,
      attempts: 1,
    },
  );
}

/** The providers the checker goes to for these tools: a batch goes to one provider, the checks' included. */
export function checkerProviders(tools: readonly Tool[], checking: BatchChecking | undefined): string[] {
  if (!checking) return [];
  return [
    ...new Set(
      tools
        .map((t) => checking.route(t))
        .filter((r) => !r.recused)
        .map((r) => r.provider),
    ),
  ];
}
