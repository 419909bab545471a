/** Token counts as the provider reported them, in one shape for both providers. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
}

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 0, cacheReadTokens: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  };
}

/** What a wire format reads out of one response body, before any validation. */
export interface ModelOutput {
  /** Arguments of the forced tool call, when the model made one. */
  structured?: unknown;
  /** Malformed tool-call arguments, kept verbatim. */
  structuredText?: string;
  /** All text content, joined. */
  text: string;
  /** The answer was cut off by the token limit. */
  truncated: boolean;
  /** The model declined to answer; its explanation. */
  refusal?: string;
  stopReason: string | null;
  usage: Usage;
}
