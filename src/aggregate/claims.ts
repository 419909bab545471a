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

/** A persona's claims over every checked quote: how many per quote, and the shares supported and contradicted (null under 3 quotes). */
export interface PersonaClaims {
  quotes: number;
  claims: number;
  perQuote: number | null;
  supported: number | null;
  contradicted: number | null;
}

/** Per persona, over the tools' claim checks (each quote counted once, by its words and material). Pure. */
export function claimStats(checks: readonly ClaimCheckRecord[]): Record<string, PersonaClaims> {
  const seen = new Set<string>();
  const by = new Map<string, { quotes: number; claims: number; supported: number; contradicted: number }>();
  for (const check of checks) {
    if (check.status !== 'ok') continue;
    for (const q of check.quotes) {
      const key = `${check.slug}\0${check.material}\0${q.persona}\0${q.quote}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = by.get(q.persona) ?? { quotes: 0, claims: 0, supported: 0, contradicted: 0 };
      s.quotes++;
      s.claims += q.claims.length;
      s.supported += q.claims.filter((c) => c.status === 'supported').length;
      s.contradicted += q.claims.filter((c) => c.status === 'contradicted').length;
      by.set(q.persona, s);
    }
  }
  const enough = (s: { quotes: number }) => s.quotes >= 3;
  return Object.fromEntries(
    [...by].map(([persona, s]) => [
      persona,
      {
        quotes: s.quotes,
        claims: s.claims,
        perQuote: enough(s) ? s.claims / s.quotes : null,
        supported: enough(s) && s.claims ? s.supported / s.claims : null,
        contradicted: enough(s) && s.claims ? s.contradicted / s.claims : null,
      },
    ]),
  );
}
