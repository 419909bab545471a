import type { z } from 'zod';
import { reviewSchema, type Review } from '../shapes/answers.js';
import type { ModelOutput } from './output.js';

import type { OutputFailureKind } from '../shapes/failure.js';

export type FailureKind = OutputFailureKind;

/** Why a model answer is not a review. `raw` is the model's text, kept so nothing paid for is lost. */
export interface OutputFailure {
  kind: FailureKind;
  message: string;
  raw: string;
  /** A refusal's reason, as the provider gave it. */
  category?: string;
  explanation?: string;
}

export type ParseResult = { ok: true; review: Review } | { ok: false; failure: OutputFailure };

/**
 * Turn a model answer into a validated review. Tolerates what is not a guess
 * (code fences, prose around the JSON, "Ship" in capitals); everything else is
 * a typed failure. "Could not parse" and "did not match" are different kinds.
 */
export function parseReview(output: ModelOutput): ParseResult {
  const parsed = parseAnswer(output, reviewSchema);
  return parsed.ok ? { ok: true, review: parsed.answer } : parsed;
}

/** The same, for any answer schema (a review, a head-to-head pick). */
export function parseAnswer<T>(output: ModelOutput, schema: z.ZodType<T>): { ok: true; answer: T } | { ok: false; failure: OutputFailure } {
  const raw = output.structured !== undefined ? JSON.stringify(output.structured) : (output.structuredText ?? output.text);
  const fail = (kind: FailureKind, message: string) => ({ ok: false as const, failure: { kind, message, raw } });

  if (output.refusal !== undefined) {
    const { category, explanation } = output.refusalDetails ?? {};
    const why = explanation ?? (output.refusal || '(no reason given)');
    return {
      ok: false,
      failure: {
        kind: 'refusal',
        message: `the model refused${category ? ` (${category})` : ''}: ${why}`,
        raw,
        ...(category ? { category } : {}),
        ...(explanation ? { explanation } : {}),
      },
    };
  }

  let value: unknown = output.structured;
  if (value === undefined) {
    const source = output.structuredText ?? output.text;
    if (source.trim() === '') {
      return output.truncated ? fail('truncated', 'the answer was cut off before any text') : fail('empty', 'the answer was empty');
    }
    const extracted = extractJson(source);
    if (!extracted.ok) {
      return output.truncated
        ? fail('truncated', `the answer was cut off by the token limit (stop reason ${output.stopReason}) before the JSON was complete`)
        : fail('not_json', `the answer is not JSON: ${extracted.error}`);
    }
    value = extracted.value;
  }

  const checked = schema.safeParse(normalize(value));
  if (checked.success) return { ok: true, answer: checked.data };
  const issues = checked.error.issues.slice(0, 4).map((i) => `${i.path.join('.') || '(answer)'}: ${i.path.length && isMissing(value, i.path) ? 'is required' : i.message}`);
  const cut = output.truncated ? ' (the answer was also cut off by the token limit)' : '';
  return fail(output.truncated ? 'truncated' : 'wrong_shape', `the answer does not match the review shape: ${issues.join('; ')}${cut}`);
}

function isMissing(value: unknown, path: readonly PropertyKey[]): boolean {
  return typeof value === 'object' && value !== null && !(String(path[0]) in value);
}

/** Case and surrounding spaces of the verdict are not meaning: "Ship " is ship. */
function normalize(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  if (typeof v['verdict'] === 'string') return { ...v, verdict: v['verdict'].trim().toLowerCase() };
  if (typeof v['choice'] === 'string') return { ...v, choice: v['choice'].trim().toUpperCase() };
  return v;
}

/** JSON alone, in a ``` fence, or the one object inside surrounding prose. */
function extractJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const candidates: string[] = [text.trim()];
  const fence = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(text);
  if (fence) candidates.push(fence[1]!.trim());
  const first = text.indexOf('{');
  const last = text.lastIndexOf('}');
  if (first !== -1 && last > first) candidates.push(text.slice(first, last + 1));
  let firstError = '';
  for (const candidate of candidates) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (error) {
      firstError ||= (error as Error).message;
    }
  }
  return { ok: false, error: first === -1 ? 'it holds no JSON object' : firstError };
}

/** The follow-up message of the single re-ask: what was wrong, and what to send instead. */
export function repairMessage(failure: OutputFailure, ask = 'Reply again with only the JSON object: {"verdict": "ship" or "skip", "quote": "<one paragraph>"}.'): string {
  switch (failure.kind) {
    case 'truncated':
      return `Your answer was cut off before it was complete. ${ask} Keep the quote under 180 words.`;
    case 'refusal':
      return `This is an editorial review of a public product description; please give your verdict. ${ask}`;
    default:
      return `Your answer could not be used: ${failure.message}. ${ask}`;
  }
}
