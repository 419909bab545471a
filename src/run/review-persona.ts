import type { Tool } from '../catalog/tool-schema.js';
import { PanelError } from '../errors.js';
import type { Persona } from '../personas/persona.js';
import { ProviderCallError } from '../providers/http-error.js';
import type { Provider, Throttle } from '../providers/provider.js';
import type { Exchange } from '../shapes/exchange.js';
import type { CallParams } from '../providers/wire.js';
import { costOf, type Price } from '../cost/prices.js';
import { addUsage, NO_USAGE } from '../shapes/usage.js';
import { parseReview, repairMessage, type OutputFailure } from '../review/parse.js';
import { buildPrompt } from '../review/prompt.js';
import type { ReviewFailure, ReviewRecord } from '../runs/record.js';
import { inputHashes } from './inputs.js';
import { fingerprint } from '../shapes/input-hashes.js';

export interface PersonaJob {
  tool: Tool;
  persona: Persona;
  provider: Provider;
  params: CallParams;
  signal?: AbortSignal;
  throttle?: Throttle;
  /** The model's price; without one the review's cost is unknown (null), never 0. */
  price?: Price;
}

/**
 * One persona's review: ask, parse, and on a bad answer re-ask once with what
 * was wrong. Never throws for a provider or output failure: a failed persona
 * is a result (with the raw text kept), so the rest of the panel goes on.
 */
export async function reviewPersona(job: PersonaJob): Promise<ReviewRecord> {
  const { tool, persona, provider, params } = job;
  const prompt = buildPrompt(tool, persona);
  const inputs = inputHashes(tool, persona, provider.wire.id, params);
  const exchanges: Exchange[] = [];

  let failedAttempts = 0;
  const finish = (result: { review: ReviewRecord['review'] } | { error: ReviewFailure }): ReviewRecord => {
    const outputs = exchanges.map((e) => provider.wire.readResponse(e.response.body));
    const usage = outputs.reduce((sum, o) => addUsage(sum, o.usage), NO_USAGE);
    return {
      persona: persona.id,
      personaName: persona.name,
      model: params.model,
      inputs,
      fingerprint: fingerprint(inputs),
      ...('review' in result ? { status: 'ok' as const, review: result.review } : { status: 'failed' as const, error: result.error }),
      exchanges,
      usage,
      cost: job.price ? costOf(usage, job.price) : null,
      latencyMs: exchanges.reduce((sum, e) => sum + e.latencyMs, 0),
      attempts: exchanges.reduce((sum, e) => sum + e.attempts, failedAttempts),
    };
  };

  let failure: OutputFailure | undefined;
  try {
    for (const turn of [1, 2] as const) {
      const previous = exchanges.at(-1);
      const exchange = await provider.complete({
        persona: persona.id,
        prompt,
        params,
        inputs,
        ...(turn === 2 && previous && failure ? { repair: { previousResponse: previous.response.body, message: repairMessage(failure) } } : {}),
        ...(job.signal ? { signal: job.signal } : {}),
        ...(job.throttle ? { throttle: job.throttle } : {}),
      });
      exchanges.push(exchange);
      const parsed = parseReview(provider.wire.readResponse(exchange.response.body));
      if (parsed.ok) return finish({ review: parsed.review });
      failure = parsed.failure;
    }
  } catch (error) {
    if (!(error instanceof PanelError)) throw error;
    failedAttempts = (error as { attempts?: number }).attempts ?? 0;
    return finish({ error: callFailure(error) });
  }
  return finish({ error: { ...failure!, message: `${failure!.message} (still wrong after one re-ask)` } });
}

function callFailure(error: PanelError): ReviewFailure {
  if (error instanceof ProviderCallError) {
    return {
      kind: error.kind === 'fatal' ? 'provider_fatal' : error.kind === 'cancelled' ? 'cancelled' : 'provider',
      message: error.message,
      ...(error.status !== undefined ? { status: error.status } : {}),
      ...(error.body !== undefined ? { body: error.body } : {}),
    };
  }
  return { kind: error.name === 'ReplayMissError' ? 'replay_miss' : 'error', message: error.message };
}
