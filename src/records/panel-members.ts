import type { RunRecord } from '../shapes/run-record.js';

/**
 * Personas whose reviews a record holds but who were not on the tool's panel:
 * the panel its tool snapshot lists, or, with none listed, every persona that
 * has a file. Their reviews would change a score no panel gave, so a record
 * that has any is refused (by `panel check`, and before it is shown or
 * published).
 */
export function strangerReviewers(record: Pick<RunRecord, 'tool' | 'reviews'>, personaIds: readonly string[]): string[] {
  const panel = record.tool.panel ?? personaIds;
  return [...new Set(record.reviews.map((r) => r.persona).filter((p) => !panel.includes(p)))];
}
