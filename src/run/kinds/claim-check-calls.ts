import type { Tool } from '../../shapes/tool.js';
import type { EstimatedCall } from '../../cost/estimate.js';
import type { CallParams } from '../../providers/wire.js';
import { WIRES } from '../../providers/wire-registry.js';
import { buildCheckPrompt, CHECK_RULES, checkContractHash, materialHash, REPAIR_CHECK } from '../../review/claim-check-prompt.js';
import { CLAIM_CHECK_SCHEMA_VERSION, claimAnswerSchema, claimCheckRecordSchema, type ClaimAnswer, type ClaimCheckRecord } from '../../shapes/claim-check.js';
import type { InputHashes } from '../../shapes/input-hashes.js';
import { fingerprint } from '../../shapes/input-hashes.js';
import { NO_USAGE } from '../../shapes/usage.js';
import type { ReviewFailure } from '../../shapes/failure.js';
import type { ReviewCalls } from '../../records/record-factory.js';
import { hashOf } from '../../util/hash.js';
import type { Session } from '../session.js';
import type { CallKind } from './call-kind.js';

/** One planned claim check: the quotes of a tool's run that have no current check, and where the checker runs. */
export interface PlannedCheck {
  slug: string;
  provider: string;
  api: 'anthropic' | 'openai';
  model: string;
  params: CallParams;
  recused?: string;
  quotes: { persona: string; quote: string }[];
  reviewRun: string;
  inputs: InputHashes;
  fingerprint: string;
}

/** A check's identity: what it asks, of which material, on which model with which parameters. */
export function plannedCheck(
  tool: Tool,
  route: { provider: string; api: 'anthropic' | 'openai'; model: string; recused?: string },
  params: CallParams,
  quotes: { persona: string; quote: string }[],
  reviewRun: string,
): PlannedCheck {
  const { model: _model, ...rest } = params;
  const inputs: InputHashes = {
    tool: materialHash(tool),
    rules: hashOf(CHECK_RULES),
    persona: hashOf(quotes),
    provider: hashOf(route.provider),
    model: hashOf(route.model),
    params: hashOf(rest),
    schema: checkContractHash(),
  };
  return {
    slug: tool.slug,
    provider: route.provider,
    api: route.api,
    model: route.model,
    ...(route.recused ? { recused: route.recused } : {}),
    params,
    quotes,
    reviewRun,
    inputs,
    fingerprint: fingerprint(inputs),
  };
}

/**
 * The third kind of call: one checker request per tool covering every quote
 * that is new or changed, each quote's factual claims marked supported,
 * contradicted or not in the material. A quote the checker leaves out stays
 * unchecked (checked again next time), never guessed.
 */
export function claimCheckCalls(session: Session, tool: Tool): CallKind<PlannedCheck, ClaimCheckRecord, ClaimAnswer> {
  return {
    noun: 'claim check',
    entrySchema: claimCheckRecordSchema,
    slot: () => 'check',
    prompt: (call) => buildCheckPrompt(tool, call.quotes),
    // Validated against the personas asked about: an invented persona is a wrong answer, re-asked once.
    answerSchema: checkAnswerSchema,
    repairAsk: REPAIR_CHECK,
    requestInputs: (call) => call.inputs,
    persona: () => 'checker',
    estimate(call): EstimatedCall {
      const request = WIRES[call.api].buildRequest(buildCheckPrompt(tool, call.quotes), call.params);
      return { model: call.model, requestChars: JSON.stringify(request).length, maxTokens: call.params.maxTokens };
    },
    record: (call, result, calls) => checkRecordOf(session, call, result, calls),
    recused: (call) => ({
      ...recordBase(session, call),
      status: 'failed' as const,
      quotes: [],
      error: { kind: 'recused', message: call.recused! },
      exchanges: [],
      usage: NO_USAGE,
      cost: 0,
      latencyMs: 0,
      attempts: 0,
    }),
  };
}

/** The answer a check expects: one entry per quote, its persona one of those asked about. */
export function checkAnswerSchema(call: Pick<PlannedCheck, 'quotes'>) {
  return claimAnswerSchema(call.quotes.map((q) => q.persona) as [string, ...string[]]);
}

function recordBase(session: Session, call: PlannedCheck) {
  return {
    schemaVersion: CLAIM_CHECK_SCHEMA_VERSION as 1,
    kind: 'claim-check' as const,
    runId: session.newRunId(),
    createdAt: session.now().toISOString(),
    slug: call.slug,
    reviewRun: call.reviewRun,
    material: call.inputs.tool,
    checker: { provider: call.provider, api: call.api, model: call.model },
    fingerprint: call.fingerprint,
  };
}

/** A check's record, however it was asked (live, replayed, from a batch): the quotes asked about that the answer covers, each with its claims. */
export function checkRecordOf(session: Session, call: PlannedCheck, result: { answer: ClaimAnswer } | { error: ReviewFailure }, calls: ReviewCalls): ClaimCheckRecord {
  if (!('answer' in result)) return { ...recordBase(session, call), status: 'failed' as const, quotes: [], error: result.error, ...calls };
  // Only the quotes asked about, once each, with the words that were checked.
  const quotes = call.quotes.flatMap((q) => {
    const found = result.answer.quotes.find((a) => a.persona === q.persona);
    return found ? [{ persona: q.persona, quote: q.quote, claims: found.claims }] : [];
  });
  return { ...recordBase(session, call), status: 'ok' as const, quotes, ...calls };
}
