import { z } from 'zod';

/** What a model answers, as data: a persona's review of a tool, and its pick between two. The prompts that ask for them are in review/. */

export const MAX_QUOTE_CHARS = 2000;

/** The one paragraph every answer carries (a review's, a head-to-head pick's): not empty, at most 2,000 characters. */
function quoteField(description: string) {
  return z.string().trim().min(1, 'must not be empty').max(MAX_QUOTE_CHARS, `must be at most ${MAX_QUOTE_CHARS} characters`).describe(description);
}

/**
 * What one persona returns (README, Output formats). The prompt asks for 40 to 180 words;
 * the schema rejects only an empty quote or one over 2,000 characters.
 */
export const reviewSchema = z.object({
  verdict: z.enum(['ship', 'skip']).describe('"ship" if readers should adopt this tool now, "skip" if not'),
  quote: quoteField("One paragraph in the reviewer's voice that names the tool's concrete facts"),
});

export type Review = z.output<typeof reviewSchema>;
export type Verdict = Review['verdict'];

/**
 * A head-to-head pick: which of two tools the persona would ship with, and
 * one paragraph saying why. The tools are labelled A and B in the order they
 * are shown, so the same persona asked in both orders reveals whether its
 * pick follows the tool or the position.
 */
export const pickSchema = z.object({
  choice: z.enum(['A', 'B']).describe('"A" for the first tool shown, "B" for the second'),
  quote: quoteField("One paragraph in the reviewer's voice naming both tools' concrete facts"),
});
export type Pick = z.output<typeof pickSchema>;
