import type { Price } from './prices.js';
import { costOf } from './prices.js';

/** One planned call, as the estimate sees it. */
export interface EstimatedCall {
  model: string;
  /** Characters of the request body as it will be sent. */
  requestChars: number;
  maxTokens: number;
  /** The model's characters per token (models.yaml), for input without past usage to calibrate on. */
  charsPerToken?: number;
  /** What the previous review of the same (tool, persona) reported, if it spent tokens: input (all kinds) and output. */
  previous?: { inputTokens: number; outputTokens: number };
}

export interface Estimate {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** USD; null when a model has no price. */
  cost: number | null;
  /** How it was worked out, in words. */
  basis: string[];
}

/** When no past review says how long answers run: about 180 words of quote plus the JSON around it. */
const TYPICAL_OUTPUT_TOKENS = 350;

/**
 * Tokens and cost of planned calls, before any call. There is no offline
 * tokenizer for every model, so input is estimated from the built request (at
 * the model's characters per token, models.yaml) and calibrated by the ratio of recorded input tokens to
 * request size in past reviews; output comes from past reviews' answers, or a
 * typical answer when there are none (never more than max_tokens).
 */
export function estimateCalls(calls: readonly EstimatedCall[], priceFor: (model: string) => Price | undefined): Estimate {
  const past = calls.filter((c) => c.previous && c.previous.inputTokens > 0);
  // The previous request was the same tool and persona, so about today's size.
  const pastChars = past.reduce((n, c) => n + c.requestChars, 0);
  const calibrated = pastChars > 0 ? past.reduce((n, c) => n + c.previous!.inputTokens, 0) / pastChars : undefined;
  const pastOutput = past.length ? past.reduce((n, c) => n + c.previous!.outputTokens, 0) / past.length : undefined;

  let inputTokens = 0;
  let outputTokens = 0;
  let cost: number | null = 0;
  for (const call of calls) {
    const input = Math.round(call.requestChars * (calibrated ?? 1 / (call.charsPerToken ?? 4)));
    const output = Math.min(call.maxTokens, Math.round(pastOutput ?? TYPICAL_OUTPUT_TOKENS));
    inputTokens += input;
    outputTokens += output;
    const price = priceFor(call.model);
    cost = price && cost !== null ? cost + costOf({ inputTokens: input, outputTokens: output, cacheWriteTokens: 0, cacheReadTokens: 0 }, price) : null;
  }
  const basis = [
    calibrated !== undefined
      ? `input from the built requests, calibrated on ${past.length} past review${past.length === 1 ? '' : 's'} (${(1 / calibrated).toFixed(1)} characters a token)`
      : "input from the built requests at each model's characters per token in models.yaml (no past usage to calibrate on)",
    pastOutput !== undefined
      ? `output ${Math.round(pastOutput)} tokens a review, as in those past reviews`
      : `output about ${TYPICAL_OUTPUT_TOKENS} tokens a review (no past usage; max_tokens caps it)`,
    'no cache discount assumed',
  ];
  return { calls: calls.length, inputTokens, outputTokens, cost, basis };
}
