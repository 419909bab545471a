import type { Tool } from '../../shapes/tool.js';
import { buildPrompt } from '../../review/prompt.js';
import { reviewSchema, type Review } from '../../shapes/answers.js';
import { reviewRecordSchema, type ReviewRecord } from '../../shapes/run-record.js';
import { newReviewRecord, type ReviewSubject } from '../../records/record-factory.js';
import { estimatedCall, sampleSlot, type PlannedCall } from '../plan/plan.js';
import type { CallKind } from './call-kind.js';

/** Who a review is by and what it was asked with, from its planned call: the one place a review's subject is assembled. */
function subjectOf(call: PlannedCall): ReviewSubject {
  return { persona: call.persona.id, personaName: call.persona.name, model: call.params.model, inputs: call.inputs, provider: call.provider, api: call.api, sample: call.sample };
}

/** A call's or a record's slot: `builder`, `builder#2`. */
function slotOf(of: PlannedCall | ReviewRecord): string {
  return sampleSlot(typeof of.persona === 'string' ? of.persona : of.persona.id, of.sample);
}

/** The first kind of call: one persona's ship-or-skip review of one tool (`panel review`, `regen`, `replay`). */
export function reviewCalls(tool: Tool): CallKind<PlannedCall, ReviewRecord, Review> {
  return {
    noun: 'review',
    entrySchema: reviewRecordSchema,
    slot: slotOf,
    prompt: (call) => buildPrompt(tool, call.persona, call.params.sample, call.rules),
    answerSchema: () => reviewSchema,
    requestInputs: (call) => call.inputs,
    persona: (call) => call.persona.id,
    estimate: (call) => estimatedCall(tool, call),
    record: (call, result, calls) => newReviewRecord(subjectOf(call), 'answer' in result ? { review: result.answer } : result, calls),
    recused: (call) => newReviewRecord(subjectOf(call), { recused: call.recused! }),
  };
}
