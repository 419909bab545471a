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
import { newReviewRecord } from '../runs/record-factory.js';
import type { Review } from '../review/schema.js';
import { inputHashes } from './inputs.js';

export interface PersonaJob {
  tool: Tool;
  persona: Persona;
  provider: Provider;
  params: CallParams;
  signal?: AbortSignal;
  throttle?: Throttle;
  /** The model's price; without one the review's cost is unknown (null), never 0. */
  price?: Price;
  /** The configured provider's name, as the record names it (default: the API's), and as it enters the input hashes. */
  providerName?: string;
  providerKey?: string;
  sample?: number;
}

/**
 * One persona's review: ask, parse, and on a bad answer re-ask once with what
 * was wrong. Never throws for a provider or output failure: a failed persona
 * is a result (with the raw text kept), so the rest of the panel goes on.
 */
export async function reviewPersona(job: PersonaJob): Promise<ReviewRecord> {
  const { tool, persona, provider, params } = job;
  const prompt = buildPrompt(tool, persona, params.sample);
  const inputs = inputHashes(tool, persona, job.providerKey ?? provider.wire.id, params);
  const exchanges: Exchange[] = [];

  let failedAttempts = 0;
  const subject = { persona: persona.id, personaName: persona.name, model: params.model, inputs, provider: job.providerName ?? provider.wire.id, api: provider.wire.id, sample: job.sample ?? 1 };
  const finish = (result: { review: Review } | { error: ReviewFailure }): ReviewRecord => {
    const usage = exchanges.map((e) => provider.wire.readResponse(e.response.body).usage).reduce(addUsage, NO_USAGE);
    return newReviewRecord(subject, result, {
      exchanges,
      usage,
      cost: job.price ? costOf(usage, job.price) : null,
      latencyMs: exchanges.reduce((sum, e) => sum + e.latencyMs, 0),
      attempts: exchanges.reduce((sum, e) => sum + e.attempts, failedAttempts),
    });
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
      // A refused turn is not re-asked in the same conversation: the providers
      // say it is refused again. The next regen asks afresh (DEVELOPERS.md).
      if (failure.kind === 'refusal') return finish({ error: { ...failure, message: `${failure.message}. Not re-asked; \`panel regen\` asks again in a fresh conversation.` } });
    }
  } catch (error) {
    failedAttempts = (error as { attempts?: number }).attempts ?? 0;
    return finish({ error: callFailure(error) });
  }
  return finish({ error: { ...failure!, message: `${failure!.message} (still wrong after one re-ask)` } });
}

/** A failed call as the record keeps it. A third-party provider's own error is a failed persona too, never a crash. */
function callFailure(error: unknown): ReviewFailure {
  if (error instanceof ProviderCallError) {
    return {
      kind: error.kind === 'fatal' ? 'provider_fatal' : error.kind === 'cancelled' ? 'cancelled' : 'provider',
      message: error.message,
      ...(error.status !== undefined ? { status: error.status } : {}),
      ...(error.body !== undefined ? { body: error.body } : {}),
    };
  }
  if (error instanceof PanelError) return { kind: error.name === 'ReplayMissError' ? 'replay_miss' : 'error', message: error.message };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'error', message: `the provider threw ${message}` };
}
