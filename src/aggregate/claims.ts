import { materialHash } from '../review/claim-check-prompt.js';
import type { Claim, ClaimCheckRecord } from '../shapes/claim-check.js';
import type { RunRecord } from '../shapes/run-record.js';

/** A quote's claims as the checker marked them; null when no checker read these words against this material. */
export type ClaimsOf = (persona: string, quote: string) => Claim[] | null;

export const NOT_CHECKED: ClaimsOf = () => null;

/** The claims of each quote of a run, from the tool's stored checks (newest first): a check of the same words against the same material. */
export function claimsLookup(record: Pick<RunRecord, 'tool'>, checks: readonly ClaimCheckRecord[]): ClaimsOf {
  const material = materialHash(record.tool);
  const found = new Map<string, Claim[]>();
  for (const check of checks) {
    if (check.status !== 'ok' || check.material !== material) continue;
    for (const q of check.quotes) {
      const key = `${q.persona}\0${q.quote}`;
      if (!found.has(key)) found.set(key, q.claims);
    }
  }
  return (persona, quote) => found.get(`${persona}\0${quote}`) ?? null;
}

/** The contradicted claims of a run's shown quotes: what holds its verdict for an editor. */
export function contradictions(claims: readonly { persona: string; claims: readonly Claim[] | null }[]): { persona: string; claim: Claim }[] {
  return claims.flatMap((q) => (q.claims ?? []).filter((c) => c.status === 'contradicted').map((claim) => ({ persona: q.persona, claim })));
}
