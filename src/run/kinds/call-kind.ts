import type { z } from 'zod';
import { estimateCalls, type EstimatedCall } from '../../cost/estimate.js';
import type { Price } from '../../cost/prices.js';
import type { Provider } from '../../providers/provider.js';
import type { CallParams } from '../../providers/wire.js';
import type { EntrySchema } from '../../records/checkpoint.js';
import type { ReviewCalls } from '../../records/record-factory.js';
import type { Prompt } from '../../review/prompt.js';
import { isIncompleteFailure, type ReviewFailure } from '../../shapes/failure.js';
import type { InputHashes } from '../../shapes/input-hashes.js';
import { NO_USAGE } from '../../shapes/usage.js';
import { converse } from '../ask/converse.js';
import { askScheduled, type CallResult } from '../ask/scheduled-call.js';
import type { Scheduler } from '../ask/scheduler.js';

/** What every planned call of any kind carries: where it goes and its identity, computed once by its plan. */
export interface KindCall {
  /** The configured provider it goes to. */
  provider: string;
  params: CallParams;
  fingerprint: string;
  /** Set when the self-preference guard keeps the persona off it: no call, and the reason shown. */
  recused?: string;
}

/** What every record of a call of any kind carries. */
export type KindEntry = CallResult & { fingerprint: string };

/**
 * A kind of call, declared once: a persona's review of a tool, a persona's
 * pick between two tools. The declaration says what a call asks and what its
 * record is; everything around it (the plan against the latest record, the
 * lock, the checkpoint, the budget, the scheduler and throttle, the spend
 * line) is shared and knows nothing of the kind. A kind is declared for one
 * subject (a tool, a pair), so its calls need not repeat it.
 */
export interface CallKind<C extends KindCall, E extends KindEntry, A = unknown> {
  /** "review", "pick": what panel calls one of them when it speaks. */
  noun: string;
  /** A record's line in a checkpoint, validated when read back. */
  entrySchema: EntrySchema<E>;
  /** A call's slot in its run (persona and sample, persona and order): the same for a call and the record it produces. */
  slot(of: C | E): string;
  /** What it asks: the shared rules, the subject as data, the persona and the request. */
  prompt(call: C): Prompt;
  /** The answer it expects, validated; a bad answer is re-asked once with `repairAsk`. */
  answerSchema(call: C): z.ZodType<A>;
  repairAsk?: string;
  /** Its inputs in a review's shape, for a replay miss to name what changed. */
  requestInputs(call: C): InputHashes;
  /** Persona id, for the provider's and replay's messages. */
  persona(call: C): string;
  /** The request as it will be sent, as the cost estimate sees it. */
  estimate(call: C): EstimatedCall;
  /** Its record: the answer or why there is none, and what its calls cost and took (nothing, for a call never sent). */
  record(call: C, result: { answer: A } | { error: ReviewFailure }, calls: ReviewCalls): E;
  /** Its record when the guard recuses its persona. */
  recused(call: C): E;
}

const NO_CALLS: ReviewCalls = { exchanges: [], usage: NO_USAGE, cost: 0, latencyMs: 0, attempts: 0 };

/** A call's record when it is never sent (the command stopped, the budget), with the reason: the next run asks it. */
function notAttempted<C extends KindCall, E extends KindEntry, A>(kind: CallKind<C, E, A>, call: C, reason: string): E {
  return kind.record(call, { error: { kind: 'not_attempted', message: `not attempted: ${reason}` } }, NO_CALLS);
}

/** Hooks for the live display; any kind may have them. */
export interface CallProgress<C, E> {
  queued?(call: C): void;
  started?(call: C): void;
  finished?(call: C, entry: E): void;
}

export interface AskCallsOptions<C, E> {
  /** The live (or replaying) provider of each configured provider name. */
  providers: ReadonlyMap<string, Provider>;
  scheduler: Scheduler;
  /** The price of a model; without one a call's cost is unknown (null). */
  priceFor?: (model: string) => Price | undefined;
  /** Awaited for each completed answer before it counts as done: the checkpoint write. */
  keep?: (entry: E) => Promise<void>;
  progress?: CallProgress<C, E>;
}

/**
 * Ask calls of one kind, in parallel under the command's shared rules
 * (`askScheduled`): records in the calls' order. A recused call is not sent.
 */
export function askCalls<C extends KindCall, E extends KindEntry, A>(kind: CallKind<C, E, A>, calls: readonly C[], options: AskCallsOptions<C, E>): Promise<E[]> {
  const { scheduler, progress } = options;
  return Promise.all(
    calls.map(async (call) => {
      if (call.recused) return kind.recused(call);
      progress?.queued?.(call);
      const provider = options.providers.get(call.provider)!;
      const price = options.priceFor?.(call.params.model);
      const entry = await askScheduled(scheduler, {
        provider: call.provider,
        estimate: () => (price ? estimateCalls([kind.estimate(call)], () => price).cost : 0),
        notAttempted: (reason) => notAttempted(kind, call, reason),
        onStart: () => progress?.started?.(call),
        ask: async (signal, throttle) => {
          // The one conversation every kind goes through: ask, validate, re-ask once, never re-ask a refusal.
          const asked = { persona: kind.persona(call), prompt: kind.prompt(call), params: call.params, inputs: kind.requestInputs(call), signal, throttle };
          const { result, ...calls } = await converse(provider, asked, kind.answerSchema(call), price, kind.repairAsk);
          return kind.record(call, result, calls);
        },
      });
      // Checkpointed outside the call slot: the next call need not wait for this fsync.
      if (!isIncompleteFailure(entry.error)) await options.keep?.(entry);
      progress?.finished?.(call, entry);
      return entry;
    }),
  );
}
