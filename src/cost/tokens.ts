/** No offline tokenizer exists for every model: about 4 characters a token, an estimate. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
