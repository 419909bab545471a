import type { Tool } from '../../shapes/tool.js';
import type { Price } from '../../cost/prices.js';
import type { Persona } from '../../personas/persona.js';
import type { Provider, Throttle } from '../../providers/provider.js';
import type { CallParams } from '../../providers/wire.js';
import { buildPrompt } from '../../review/prompt.js';
import { reviewSchema } from '../../shapes/answers.js';
import type { ReviewRecord } from '../../shapes/run-record.js';
import { newReviewRecord } from '../../records/record-factory.js';
import { converse } from './converse.js';
import type { InputHashes } from '../../shapes/input-hashes.js';

export interface PersonaJob {
  tool: Tool;
  persona: Persona;
  provider: Provider;
  params: CallParams;
  signal?: AbortSignal;
  throttle?: Throttle;
  /** The model's price; without one the review's cost is unknown (null), never 0. */
  price?: Price;
  /** The configured provider's name, as the record names it (default: the API's). */
  providerName?: string;
  /** The call's input hashes, computed once by the plan. */
  inputs: InputHashes;
  sample?: number;
}

/** One persona's review (see `converse`): a failed persona is a result, never a throw. */
export async function reviewPersona(job: PersonaJob): Promise<ReviewRecord> {
  const { tool, persona, provider, params, inputs } = job;
  const talk = await converse(
    provider,
    {
      persona: persona.id,
      prompt: buildPrompt(tool, persona, params.sample),
      params,
      inputs,
      ...(job.signal ? { signal: job.signal } : {}),
      ...(job.throttle ? { throttle: job.throttle } : {}),
    },
    reviewSchema,
    job.price,
  );
  const subject = { persona: persona.id, personaName: persona.name, model: params.model, inputs, provider: job.providerName ?? provider.wire.id, api: provider.wire.id, sample: job.sample ?? 1 };
  const { result, ...calls } = talk;
  return newReviewRecord(subject, 'answer' in result ? { review: result.answer } : result, calls);
}
