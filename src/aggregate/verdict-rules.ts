import type { HeadToHead } from './head-to-head.js';
import type { ComparisonPage, ToolPanel } from './page-model.js';

/**
 * The comparison's verdict, in words that are true of the two panels. The
 * rules, in order (README, "The verdict's wording", shows them as a table):
 *
 * 1. Either panel has fewer than 3 valid reviews: no verdict, "incomplete".
 * 2. With a head-to-head: a tie in picks (position-dependent picks count as
 *    ties) is a tie. A winner whose own panel ships it by a majority is
 *    "Ship with X"; a winner its own panel does not ship is "preferred",
 *    never "ship with".
 * 3. Without one: a panel "ships" a tool when more of its personas say ship
 *    than skip (over 50%). "Ship with X" only when X's panel ships it and X
 *    leads; when both ship at the same share it is a tie; when neither ships,
 *    the page says so and says which the panel prefers, if either.
 * 4. A lead is a difference in ship votes, not only in percentages: the same
 *    number of ship votes on panels of different sizes is not a lead.
 */
export function comparisonVerdict(a: ToolPanel, b: ToolPanel, duel?: HeadToHead): ComparisonPage['verdict'] {
  const incomplete = [a, b].filter((p) => !p.score.complete);
  if (incomplete.length > 0) {
    const which = incomplete.map((p) => `${p.tool.name}'s panel has ${p.score.valid === 0 ? 'no valid reviews' : `only ${p.score.valid} valid review${p.score.valid === 1 ? '' : 's'}`}`).join(' and ');
    return { outcome: 'incomplete', winner: null, prefers: null, margin: null, text: `No verdict yet: ${which} (at least 3 are needed), so the comparison is incomplete.` };
  }
  return duel ? headToHeadVerdict(a, b, duel) : panelVerdict(a, b);
}

/** More of the panel's personas ship the tool than skip it. */
const panelShips = (p: ToolPanel): boolean => p.score.ship > p.score.skip;

const tally = (p: ToolPanel) => `${p.score.ship} of ${p.score.ship + p.score.skip}`;
const share = (p: ToolPanel) => `${p.score.percent}% (${tally(p)})`;
/** The same, inside parentheses already. */
const shareIn = (p: ToolPanel) => `${p.score.percent}%, ${tally(p)}`;

function panelVerdict(a: ToolPanel, b: ToolPanel): ComparisonPage['verdict'] {
  const [pa, pb] = [a.score.percent!, b.score.percent!];
  const sameVotes = a.score.ship === b.score.ship && a.score.ship + a.score.skip !== b.score.ship + b.score.skip;
  const leads = pa !== pb && !sameVotes;
  const [win, lose] = pa > pb ? [a, b] : [b, a];
  const margin = Math.abs(pa - pb);
  const noLead = sameVotes
    ? `${a.tool.name} and ${b.tool.name} have the same number of ship votes (${a.score.ship}) on panels of different sizes (${a.score.ship + a.score.skip} and ${b.score.ship + b.score.skip}), so neither leads.`
    : 'Both panels ship at the same share, so neither leads.';

  if (panelShips(a) && panelShips(b)) {
    if (!leads) {
      return {
        outcome: 'tie',
        winner: null,
        prefers: null,
        margin: 0,
        text: `A tie: both panels ship, ${a.tool.name} at ${share(a)} and ${b.tool.name} at ${share(b)}. ${noLead} Let the pricing read and your use case decide.`,
      };
    }
    return {
      outcome: 'winner',
      winner: win.tool.slug,
      prefers: win.tool.slug,
      margin,
      text: `Ship with ${win.tool.name}: the panel ships it ${share(win)} against ${share(lose)} for ${lose.tool.name}, a ${margin}-point lead.`,
    };
  }
  if (panelShips(a) || panelShips(b)) {
    const [ships, not] = panelShips(a) ? [a, b] : [b, a];
    return {
      outcome: 'winner',
      winner: ships.tool.slug,
      prefers: ships.tool.slug,
      margin: Math.abs(ships.score.percent! - not.score.percent!),
      text: `Ship with ${ships.tool.name}: its panel ships it ${share(ships)}; ${not.tool.name}'s panel does not (${shareIn(not)}).`,
    };
  }
  const both = `${a.tool.name} ${share(a)}, ${b.tool.name} ${share(b)}`;
  if (!leads) return { outcome: 'neither', winner: null, prefers: null, margin: 0, text: `Neither panel ships its tool: ${both}. ${noLead}` };
  return {
    outcome: 'neither',
    winner: null,
    prefers: win.tool.slug,
    margin,
    text: `Neither panel ships its tool: ${both}. The panel prefers ${win.tool.name}, by ${margin} points, but not enough to ship it.`,
  };
}

function headToHeadVerdict(a: ToolPanel, b: ToolPanel, duel: HeadToHead): ComparisonPage['verdict'] {
  const scores = `The independent panels: ${a.tool.name} ${share(a)}, ${b.tool.name} ${share(b)}.`;
  if (!duel.winner) return { outcome: 'tie', winner: null, prefers: null, margin: 0, text: `Head to head, a tie: ${duel.tally}. ${scores}` };
  const win = duel.winner === a.tool.slug ? a : b;
  const lose = win === a ? b : a;
  const margin = (duel.counts[win.tool.slug] ?? 0) - (duel.counts[lose.tool.slug] ?? 0);
  if (panelShips(win)) {
    return {
      outcome: 'winner',
      winner: win.tool.slug,
      prefers: win.tool.slug,
      margin,
      text: `Ship with ${win.tool.name}: head to head, ${duel.tally}, each asked with the tools in both orders. ${scores}`,
    };
  }
  return {
    outcome: 'preferred',
    winner: null,
    prefers: win.tool.slug,
    margin,
    text: `Head to head the panel prefers ${win.tool.name} (${duel.tally}, each asked with the tools in both orders), but its own panel does not ship it (${shareIn(win)}), so this is a preference, not a ship. ${scores}`,
  };
}
