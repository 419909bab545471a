import { z } from 'zod';

/**
 * Why a model stopped, read from either API into one vocabulary: `end` (a
 * finished answer or tool call), `max_tokens` (cut off), `refusal`, or `other`
 * (the raw reason is kept beside it).
 */
export const stopReasonSchema = z.enum(['end', 'max_tokens', 'refusal', 'other']);
export type StopReason = z.output<typeof stopReasonSchema>;

/** What a provider says about a refusal (Anthropic `stop_details`, OpenAI `message.refusal`). */
export const refusalSchema = z.object({
  category: z.string().optional(),
  explanation: z.string().optional(),
});
export type Refusal = z.output<typeof refusalSchema>;
