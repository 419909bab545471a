import { replaceControlCharacters } from '../util/control-characters.js';
import { descriptionMd } from './description.js';
import type { ComparisonPage, Page, ReviewEntry, ToolPanel, ToolPage } from '../aggregate/page-model.js';
import { cellWord, editorialNotes, incompleteNote, publicSourceText, sourceText, tallyText, verdictWord } from './words.js';

/**
 * Markdown of a page. Tool and model text is untrusted: `<`, `>` and `&`
 * become entities, so a site that renders Markdown with raw HTML enabled still
 * shows a `<script>` as text; table cells also escape `|` and line breaks.
 */
export function renderMarkdown(page: Page, options: { publicPage?: boolean } = {}): string {
  const source = options.publicPage ? publicSourceText : sourceText;
  const blocks = page.kind === 'comparison' ? comparison(page, source) : tool(page, source);
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

function escapeMd(text: string): string {
  return replaceControlCharacters(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cellMd(text: string): string {
  return escapeMd(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function quoteMd(text: string): string {
  return escapeMd(`“${text}”`)
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cellMd).join(' | ')} |`;
  return [line(head), `| ${head.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

function card(panel: ToolPanel, level: string): string[] {
  const note = incompleteNote(panel);
  return [
    `${level} ${escapeMd(panel.tool.name)}`,
    `*${escapeMd(panel.tool.category)}* · ${escapeMd(panel.tool.tagline)}`,
    panel.tool.figures.length ? `*${escapeMd(panel.tool.figures.join(' · '))}*` : '',
    table(['Panel ship', 'Community', 'Entry'], [[panel.score.display, panel.community.display, panel.tool.pricing.entry]]),
    note ? `**${escapeMd(note)}**` : '',
    descriptionMd(panel.tool.description),
  ];
}

function review(entry: ReviewEntry, heading: string): string[] {
  const on = `*on ${escapeMd(entry.model)}*`;
  if (entry.status === 'ok') return [`${heading}: ${verdictWord(entry)}`, quoteMd(entry.quote ?? ''), ...editorialNotes(entry).map((note) => `*${escapeMd(note)}*`), on];
  if (entry.status === 'recused') return [`${heading}: Recused`, `*${escapeMd(entry.recusal ?? 'recused')}*`];
  return [`${heading}: Failed`, `*${escapeMd(entry.error?.message ?? 'no valid review')}*`, on];
}

function tool(page: ToolPage, sourceText: (p: ToolPanel) => string): string[] {
  const p = page.panel;
  return [
    ...card(p, '#'),
    `**Panel ship ${p.score.display}** (${tallyText(p)})`,
    '## Reviewer scorecard',
    ...p.reviews.flatMap((r) => review(r, `### ${escapeMd(r.personaName)}`)),
    '---',
    `*Source: ${escapeMd(sourceText(p))}.*`,
  ];
}

function headToHeadMd(page: ComparisonPage): string[] {
  const duel = page.headToHead;
  if (!duel) return [];
  return [
    '## Head to head',
    `*${escapeMd(duel.tally)}. Each persona was asked twice, with the tools in both orders; a pick that changed with the order is position-dependent.*`,
    ...duel.results.flatMap((r) => [
      `### ${escapeMd(r.personaName)}: ${escapeMd(r.status === 'recused' ? 'Recused' : r.status === 'failed' ? 'No pick' : r.pick === 'position-dependent' ? 'Position-dependent' : `Picks ${r.pickName}`)}`,
      r.quote && r.status === 'ok' ? quoteMd(r.quote) : '',
    ]),
  ];
}

function comparison(page: ComparisonPage, sourceText: (p: ToolPanel) => string): string[] {
  const [a, b] = page.tools;
  const names = [a.tool.name, b.tool.name];
  return [
    `# ${escapeMd(page.title)}`,
    `**${escapeMd(page.question)}** ${escapeMd(page.intro)}`,
    ...card(a, '##'),
    ...card(b, '##'),
    '## Panel verdict',
    escapeMd(page.verdict.text),
    ...headToHeadMd(page),
    '## Reviewer scorecard',
    ...page.scorecard.flatMap((r) => review(r, `### ${escapeMd(r.personaName)} on ${escapeMd(r.toolName)}`)),
    '## Pricing read',
    table(
      ['', ...names],
      [
        ['Entry', a.tool.pricing.entry, b.tool.pricing.entry],
        ['Notes', a.tool.pricing.notes ?? '—', b.tool.pricing.notes ?? '—'],
      ],
    ),
    escapeMd(page.pricing.read),
    '## Reviewer split',
    table(
      ['Reviewer', ...names],
      [...page.split.map((row) => [row.personaName, cellWord(row.cells[0]), cellWord(row.cells[1])]), ['Panel ship', `${a.score.display} (${tallyText(a)})`, `${b.score.display} (${tallyText(b)})`]],
    ),
    '## Community vote',
    ...(a.community.votes + b.community.votes === 0 ? [] : [table(['', ...names], [['Community', a.community.display, b.community.display]])]),
    escapeMd(page.community.read),
    ...(page.modelsNote ? [`*${escapeMd(page.modelsNote)}*`] : []),
    '---',
    `*Sources: ${escapeMd(sourceText(a))}; ${escapeMd(sourceText(b))}.*`,
  ];
}
