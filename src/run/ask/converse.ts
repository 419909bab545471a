import type { z } from 'zod';
import { costOf, type Price } from '../../cost/prices.js';
import { PanelError } from '../../errors.js';
import { ProviderCallError } from '../../providers/http-error.js';
import type { Call, Provider } from '../../providers/provider.js';
import { parseAnswer, repairMessage, type OutputFailure } from '../../review/parse.js';
import type { Exchange } from '../../shapes/exchange.js';
import type { ReviewFailure } from '../../shapes/failure.js';
import { addUsage, NO_USAGE, type Usage } from '../../shapes/usage.js';

/** What one persona's exchange with a model came to: the answer or why there is none, and what its calls cost and took. */
export interface Conversation<T> {
  result: { answer: T } | { error: ReviewFailure };
  exchanges: Exchange[];
  usage: Usage;
  /** USD; null when the model has no price, never 0 for a paid call. */
  cost: number | null;
  latencyMs: number;
  attempts: number;
}

/**
 * Ask, parse the answer against `schema`, and on a bad answer re-ask once
 * with what was wrong. A refusal is not re-asked: the providers say a refused
 * conversation is refused again; the next regen asks afresh (DEVELOPERS.md).
 * Never throws for a provider or output failure: a failed answer is a result
 * (with the raw text kept), so the rest of the panel goes on. Reviews and
 * head-to-head picks both go through here.
 */
export async function converse<T>(provider: Provider, call: Omit<Call, 'repair'>, schema: z.ZodType<T>, price: Price | undefined, repairAsk?: string): Promise<Conversation<T>> {
  const exchanges: Exchange[] = [];
  let failedAttempts = 0;
  const finish = (result: Conversation<T>['result']): Conversation<T> => {
    const usage = exchanges.map((e) => provider.wire.readResponse(e.response.body).usage).reduce(addUsage, NO_USAGE);
    return {
      result,
      exchanges,
      usage,
      cost: price ? costOf(usage, price) : null,
      latencyMs: exchanges.reduce((sum, e) => sum + e.latencyMs, 0),
      attempts: exchanges.reduce((sum, e) => sum + e.attempts, failedAttempts),
    };
  };
  let failure: OutputFailure | undefined;
  try {
    for (const turn of [1, 2] as const) {
      const previous = exchanges.at(-1);
      const exchange = await provider.complete({
        ...call,
        ...(turn === 2 && previous ? { repair: { previousResponse: previous.response.body, message: repairMessage(failure!, repairAsk) } } : {}),
      });
      exchanges.push(exchange);
      const parsed = parseAnswer(provider.wire.readResponse(exchange.response.body), schema);
      if (parsed.ok) return finish({ answer: parsed.answer });
      failure = parsed.failure;
      if (failure.kind === 'refusal') return finish({ error: { ...failure, message: `${failure.message}. Not re-asked; \`panel regen\` asks again in a fresh conversation.` } });
    }
  } catch (error) {
    failedAttempts = (error as { attempts?: number }).attempts ?? 0;
    return finish({ error: callFailure(error) });
  }
  return finish({ error: { ...failure!, message: `${failure!.message} (still wrong after one re-ask)` } });
}

/** A failed call as a record keeps it. A third-party provider's own error is a failed answer too, never a crash. */
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
