import { z } from 'zod';

/**
 * Why a persona has no valid review. Output kinds come from parsing an answer;
 * call kinds from the request itself.
 * - `refusal`: the model declined (the provider's category and explanation are kept).
 * - `provider`: an HTTP or network failure after panel's retries; `provider_fatal`:
 *   one that stops the run (bad key, no quota); `cancelled`: cut off by Ctrl-C;
 *   `not_attempted`: never sent (the run stopped first); `replay_miss`: no recording
 *   answers the request; `error`: a third-party provider threw; `batch_*`: a
 *   batch entry that errored, expired or was canceled.
 */
export type OutputFailureKind = 'empty' | 'not_json' | 'wrong_shape' | 'truncated' | 'refusal';

export const reviewFailureSchema = z.object({
  kind: z.string(),
  message: z.string(),
  /** The model's own text when there was one: nothing paid for is lost. */
  raw: z.string().optional(),
  status: z.number().optional(),
  body: z.unknown().optional(),
  /** A refusal's reason as the provider gave it (Anthropic `stop_details`). */
  category: z.string().optional(),
  explanation: z.string().optional(),
});
export type ReviewFailure = z.output<typeof reviewFailureSchema>;

/** A review that did not complete (cancelled, or never started): a resume or the next regen asks again. */
export function isIncompleteFailure(failure: { kind: string } | undefined): boolean {
  return failure?.kind === 'cancelled' || failure?.kind === 'not_attempted';
}
