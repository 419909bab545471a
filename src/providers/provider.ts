import type { ProviderName } from '../config.js';
import type { Prompt } from '../review/prompt.js';
import type { InputHashes } from '../runs/record.js';
import type { CallParams, RepairTurn, WireFormat } from './wire.js';

/** One request to a model: a persona's prompt, or its single re-ask. */
export interface Call {
  /** The persona asking; replay names it in a miss. */
  persona: string;
  prompt: Prompt;
  params: CallParams;
  /** The review's input hashes; replay uses them to explain a miss. */
  inputs: InputHashes;
  repair?: RepairTurn;
  signal?: AbortSignal;
  /** Every HTTP attempt runs through it: the command's adaptive concurrency. */
  throttle?: Throttle;
}

/** A gate for HTTP attempts that learns from their outcomes (panel/throttle.ts). */
export interface Throttle {
  run<T>(attempt: () => Promise<T>): Promise<T>;
}

/** One HTTP exchange as recorded: the body as sent and the body as received. */
export interface Exchange {
  request: Record<string, unknown>;
  /** SHA-256 of the request body's canonical JSON; replay matches on it. */
  requestHash: string;
  response: {
    status: number;
    /** Only allowlisted headers (request id, retry-after, rate limits). */
    headers: Record<string, string>;
    body: unknown;
  };
  latencyMs: number;
  /** HTTP tries it took, retries included. */
  attempts: number;
  /** Set when the answer came from a recording, with the run it came from. */
  replayedFrom?: string;
}

/** The one interface every provider implements: anthropic, openai, replay (and tests' fakes). */
export interface Provider {
  readonly name: ProviderName;
  readonly wire: WireFormat;
  complete(call: Call): Promise<Exchange>;
}
