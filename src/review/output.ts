import type { Usage } from '../shapes/usage.js';

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
  /** The provider's reason for a refusal (Anthropic `stop_details`). */
  refusalDetails?: { category?: string; explanation?: string };
  stopReason: string | null;
  usage: Usage;
}
