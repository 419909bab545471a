import { escapeHtml as esc } from './html-template.js';

export interface ChartPoint {
  label: string;
  date: string;
  /** Panel ship %, or null when the run had no valid review. */
  percent: number | null;
  /** Personas whose verdict flipped since the previous run. */
  flips: number;
  complete: boolean;
}

/**
 * A tool's history as an inline SVG line chart: panel ship % per run, oldest
 * to newest, with run dates along the bottom; a run with flips is ringed, an
 * incomplete run is hollow and left off the line (it is no verdict), and a
 * run with no valid review sits below the axis, never on the 0% line. Every
 * point carries a <title>, so it reads without JavaScript and in a screen reader.
 */
export function historyChartSvg(points: readonly ChartPoint[], width = 640, height = 200): string {
  const pad = { left: 40, right: 16, top: 12, bottom: 44 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const x = (i: number) => pad.left + (points.length <= 1 ? w / 2 : (w * i) / (points.length - 1));
  const y = (p: number) => pad.top + h - (h * p) / 100;
  const plotted = points.map((p, i) => ({ ...p, cx: x(i), cy: p.percent === null ? pad.top + h + 12 : y(p.percent) }));
  const line = plotted
    .filter((p) => p.percent !== null && p.complete)
    .map((p) => `${p.cx.toFixed(1)},${p.cy.toFixed(1)}`)
    .join(' ');
  // Dates under the points: every one when they fit, else the first, the last and a few between.
  const every = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(w / 90))));
  const dates = plotted
    .filter((_, i) => i % every === 0 || i === plotted.length - 1)
    .map((p) => `<text class="date" x="${p.cx.toFixed(1)}" y="${height - 6}" text-anchor="middle" font-size="11" fill="#666">${esc(p.date.slice(0, 10))}</text>`);
  const grid = [0, 50, 100].map(
    (v) =>
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e4e4e0"/><text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#666">${v}%</text>`,
  );
  const dots = plotted.map((p) => {
    const title = `<title>${esc(`${p.date}: ${p.percent === null ? 'no valid review' : `Panel ship ${p.percent}%`}${p.flips ? `, ${p.flips} flip${p.flips === 1 ? '' : 's'}` : ''}${p.complete ? '' : ' (incomplete)'}`)}</title>`;
    const ring = p.flips ? `<circle class="flip" cx="${p.cx.toFixed(1)}" cy="${p.cy.toFixed(1)}" r="9" fill="none" stroke="#c92a2a" stroke-width="2"/>` : '';
    return `<g class="point">${ring}<circle cx="${p.cx.toFixed(1)}" cy="${p.cy.toFixed(1)}" r="5" fill="${p.complete ? '#3b5bdb' : '#fff'}" stroke="#3b5bdb" stroke-width="2">${title}</circle></g>`;
  });
  return `<svg class="history-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="Panel ship % per run, oldest first" xmlns="http://www.w3.org/2000/svg">
${grid.join('\n')}
${line ? `<polyline points="${line}" fill="none" stroke="#3b5bdb" stroke-width="2"/>` : ''}
${dots.join('\n')}
${dates.join('\n')}
</svg>`;
}
