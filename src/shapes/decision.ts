import { z } from 'zod';

/**
 * One editor's decision, a line of `runs/<slug>/decisions.jsonl` (append-only,
 * committed with the runs). `run` is the run it is about: for approve, the run
 * approved; for a persona's review (override, edit, reject), the run that paid
 * for the review, so a correction follows the review when regen carries it
 * into a later run; for a label, the tool's verdict run when it was labelled.
 */
const base = {
  id: z.string().regex(/^d-[0-9a-z-]+$/),
  at: z.string(),
  editor: z.string().min(1),
  run: z.string(),
};
const personaPart = { persona: z.string(), sample: z.number().int().min(1).optional() };

export const decisionSchema = z.discriminatedUnion('action', [
  z.object({ ...base, action: z.literal('approve'), reason: z.string().optional() }),
  z.object({ ...base, ...personaPart, action: z.literal('override'), verdict: z.enum(['ship', 'skip']), reason: z.string().min(1) }),
  z.object({ ...base, ...personaPart, action: z.literal('edit'), quote: z.string().min(1), reason: z.string().min(1) }),
  z.object({ ...base, ...personaPart, action: z.literal('reject'), reason: z.string().min(1) }),
  z.object({ ...base, action: z.literal('label'), verdict: z.enum(['ship', 'skip']), reason: z.string().optional() }),
  z.object({ ...base, action: z.literal('retract'), retracts: z.string(), reason: z.string().optional() }),
]);
export type Decision = z.output<typeof decisionSchema>;
export type DecisionAction = Decision['action'];
