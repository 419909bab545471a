import type { ProviderName } from '../config.js';
import type { Prompt } from '../review/prompt.js';
import type { Exchange } from '../shapes/exchange.js';
import type { InputHashes } from '../shapes/input-hashes.js';
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

/** The one interface every provider implements: anthropic, openai, replay (and tests' fakes). */
export interface Provider {
  readonly name: ProviderName;
  readonly wire: WireFormat;
  complete(call: Call): Promise<Exchange>;
}
