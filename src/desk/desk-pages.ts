import type { EditorAgreement } from '../aggregate/calibration.js';
import { personaVerdicts } from '../aggregate/score.js';
import { checkFigures, toolMaterial } from '../aggregate/figures.js';
import { checksLines } from '../render/words.js';
import type { ClaimsOf } from '../aggregate/claims.js';
import { html, trusted, type Html } from '../render/html-template.js';
import type { Decision } from '../shapes/decision.js';
import type { RunRecord } from '../shapes/run-record.js';
import type { QueueItem } from './queue.js';

/** What every desk page needs: the token its forms carry, the nonce of its one script, who signs. */
export interface DeskContext {
  token: string;
  nonce: string;
  editor: string;
  siteTitle: string;
}

const STYLES = `body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fafaf8}
header.desk{display:flex;flex-wrap:wrap;gap:6px 16px;justify-content:space-between;align-items:center;padding:10px 16px;background:#1d2433;color:#fff}
header.desk a{color:#fff;font-weight:700;text-decoration:none}
main{max-width:1100px;margin:0 auto;padding:16px}
.flash{padding:8px 12px;background:#e3f3e8;border:1px solid #0b6b35;border-radius:6px}
.problem{padding:8px 12px;background:#fbe6e4;border:1px solid #a4261d;border-radius:6px}
.queue li{margin:0 0 14px}
.flags{margin:4px 0 0;padding-left:20px;color:#7a3b00}
table.side{width:100%;border-collapse:collapse;table-layout:fixed}
table.side th,table.side td{text-align:left;vertical-align:top;padding:8px 6px;border-bottom:1px solid #e4e4e0;overflow-wrap:anywhere}
table.side thead th:first-child{width:9em}
table.side .figures{display:block;font-size:.8rem;color:#5f6368;font-weight:400}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:12px 0}
form.inline{display:inline}
details.persona{border:1px solid #e4e4e0;border-radius:8px;padding:8px 12px;margin:8px 0;background:#fff}
details.persona form{margin:8px 0}
textarea{width:100%;min-height:6em;box-sizing:border-box;font:inherit}
input[type=text]{width:100%;box-sizing:border-box;font:inherit}
button{font:inherit;padding:4px 12px;cursor:pointer}
button.primary{background:#0b6b35;color:#fff;border:1px solid #0b6b35;border-radius:6px}
kbd{font-size:.8rem;border:1px solid #bbb;border-radius:3px;padding:0 4px}
.preview{border-top:4px solid #1d2433;margin-top:24px;padding-top:8px}
@media (max-width:640px){table.side .wide{display:none}}`;

/** The desk's pages are its own: a script for the shortcuts (by nonce), forms posting only to the desk, no framing. */
function page(ctx: DeskContext, title: string, body: Html, script = ''): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Editor's desk</title>
<style>${trusted(STYLES)}</style>
</head>
<body>
<header class="desk"><a href="/">Editor's desk · ${ctx.siteTitle}</a><span>Signing as ${ctx.editor}</span></header>
<main>
${body}
</main>
${script ? html`<script nonce="${ctx.nonce}">${trusted(script)}</script>` : ''}
</body>
</html>
`.toString();
}

export function queuePage(ctx: DeskContext, items: readonly QueueItem[], flash?: string): string {
  const list = items.map(
    (item, i) => html`<li><a href="/tools/${item.slug}"${i === 0 ? html` id="first"` : ''}><strong>${item.name}</strong></a> · Panel ship ${pct(item.score.percent)}${
      item.approved ? html` (approved: ${pct(item.approved.percent)})` : ' (never approved)'
    }${item.waiting > 1 ? ` · ${item.waiting} runs wait` : ''}${item.complete ? '' : ' · incomplete'}
${item.flags.length ? html`<ul class="flags">${item.flags.map((f) => html`<li>${f.text}</li>`)}</ul>` : html`<ul class="flags"><li>nothing flagged</li></ul>`}</li>\n`,
  );
  const body = html`${flash ? html`<p class="flash">${flash}</p>` : ''}<h1>Queue</h1>
${items.length === 0 ? html`<p>Nothing waits: every tool's newest run is approved.</p>` : html`<p>${items.length} tool${items.length === 1 ? ' waits' : 's wait'} for an editor, the most flagged first. <kbd>n</kbd> opens the first.</p><ol class="queue">\n${list}</ol>`}`;
  return page(
    ctx,
    'Queue',
    body,
    `addEventListener('keydown',e=>{if(e.target.closest('input,textarea,select'))return;if(e.key==='n'){const a=document.getElementById('first');if(a)location.href=a.href}});`,
  );
}

export interface RunView {
  slug: string;
  name: string;
  run: RunRecord;
  /** The run as the editors left it, rendered by the same page builder as publish. */
  preview: Html;
  complete: boolean;
  approved: boolean;
  /** The last approved run, as the editors left it, to set each quote beside. */
  published: RunRecord | undefined;
  flags: readonly { text: string }[];
  decisions: readonly Decision[];
  retracted: ReadonlySet<string>;
  editors: Record<string, EditorAgreement>;
  /** The next tool in the queue, for the `n` shortcut. */
  next: string | undefined;
  /** What the claim checker said of each quote. */
  claims: ClaimsOf;
}

export function runPage(ctx: DeskContext, view: RunView, flash?: { ok: boolean; text: string }): string {
  const { run, slug } = view;
  const hidden = (action: string) =>
    html`<input type="hidden" name="token" value="${ctx.token}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="slug" value="${slug}"><input type="hidden" name="run" value="${run.runId}">`;
  const now = new Map(personaVerdicts(run.reviews).map((v) => [v.persona, v]));
  const before = new Map(view.published ? personaVerdicts(view.published.reviews).map((v) => [v.persona, v]) : []);
  const material = toolMaterial(run.tool);
  const cell = (v: ReturnType<typeof personaVerdicts>[number] | undefined, checks = false) => {
    if (!v) return html`<td class="wide">—</td>`;
    const quote = v.shown?.review?.quote;
    const lines = checks && quote ? checksLines({ checks: { figures: checkFigures(quote, material), claims: view.claims(v.persona, quote) } }) : [];
    return html`<td><strong>${v.verdict ?? v.status}</strong>${quote ? html`<br>“${quote}”` : ''}${lines.map((l) => html`<span class="figures">${l}</span>`)}</td>`;
  };
  const rows = [...now.keys()].map((persona) => {
    const e = view.editors[persona];
    const figures = !e ? '' : e.agreement === null ? `too few labels (n=${e.n})` : `κ ${e.kappa === null ? '—' : e.kappa.toFixed(2)}, agrees ${pct(100 * e.agreement)}, n=${e.n}`;
    return html`<tr><th scope="row">${persona}<span class="figures">${figures}</span></th>${view.published ? cell(before.get(persona)) : ''}${cell(now.get(persona), true)}</tr>\n`;
  });
  const personaForms = [...now.values()].map(
    (v) => html`<details class="persona"><summary>Correct ${v.persona}</summary>
${
  v.status === 'ok'
    ? html`<form method="post" action="/decide">${hidden('override')}<input type="hidden" name="persona" value="${v.persona}">
<label>Set the verdict to <select name="verdict"><option>ship</option><option>skip</option></select></label>
<label>Reason (shown to readers) <input type="text" name="reason" required></label> <button>Override</button></form>
<form method="post" action="/decide">${hidden('edit')}<input type="hidden" name="persona" value="${v.persona}">
<label>Quote as it should read <textarea name="quote" required>${v.shown?.review?.quote ?? ''}</textarea></label>
<label>Reason (shown to readers) <input type="text" name="reason" required></label> <button>Save the edit</button></form>`
    : ''
}<form method="post" action="/decide">${hidden('reject')}<input type="hidden" name="persona" value="${v.persona}">
<label>Reason <input type="text" name="reason" required></label> <button>Reject (regen asks again)</button></form>
</details>\n`,
  );
  const decisions = view.decisions
    .filter((d) => d.action !== 'retract')
    .map(
      (d) =>
        html`<li>${d.at.slice(0, 16).replace('T', ' ')} · ${d.editor}: ${describe(d)}${view.retracted.has(d.id) ? ' (retracted)' : html` <form class="inline" method="post" action="/decide"><input type="hidden" name="token" value="${ctx.token}"><input type="hidden" name="action" value="retract"><input type="hidden" name="slug" value="${slug}"><input type="hidden" name="id" value="${d.id}"><button>Retract</button></form>`}</li>\n`,
    );
  const body = html`${flash ? html`<p class="${flash.ok ? 'flash' : 'problem'}">${flash.text}</p>` : ''}<h1>${view.name}</h1>
<p>Run ${run.runId.slice(0, 16).replace('T', ' ')} · ${view.complete ? 'complete' : 'incomplete'} · ${view.approved ? 'approved' : 'not approved'}</p>
${view.flags.length ? html`<h2>Read first</h2><ul class="flags">${view.flags.map((f) => html`<li>${f.text}</li>`)}</ul>` : html`<p>Nothing flagged.</p>`}
<div class="actions">
${
  view.complete && !view.approved
    ? html`<form method="post" action="/decide" id="approve">${hidden('approve')}<button class="primary">Approve for publication <kbd>a</kbd></button></form>`
    : view.approved
      ? html`<span>Approved.</span>`
      : html`<span>An incomplete run cannot be approved: run <code>panel regen ${slug}</code>.</span>`
}
${view.next ? html`<a id="next" href="/tools/${view.next}">Next in queue <kbd>n</kbd></a>` : html`<a href="/">Back to the queue</a>`}
</div>
<h2>Quotes${view.published ? ' beside the approved run' : ''}</h2>
<table class="side"><thead><tr><th scope="col">Persona</th>${view.published ? html`<th scope="col" class="wide">Approved run</th>` : ''}<th scope="col">This run</th></tr></thead><tbody>
${rows}</tbody></table>
<h2>Corrections</h2>
${personaForms}
<form method="post" action="/decide">${hidden('label')}<label>The editors' own verdict on ${view.name}: <select name="verdict"><option>ship</option><option>skip</option></select></label> <label>Reason <input type="text" name="reason"></label> <button>Label</button></form>
${decisions.length ? html`<h2>Decisions</h2><ul>${decisions}</ul>` : ''}
<section class="preview"><h2>As the page will read</h2>
${view.preview}
</section>`;
  return page(
    ctx,
    view.name,
    body,
    `addEventListener('keydown',e=>{if(e.target.closest('input,textarea,select'))return;if(e.key==='a'){const f=document.getElementById('approve');if(f)f.submit()}if(e.key==='n'){const a=document.getElementById('next');if(a)location.href=a.href}});`,
  );
}

export function messagePage(ctx: DeskContext, title: string, text: string): string {
  return page(ctx, title, html`<p class="problem">${text}</p><p><a href="/">Back to the queue</a></p>`);
}

function describe(d: Decision): string {
  switch (d.action) {
    case 'approve':
      return `approved run ${d.run.slice(0, 16).replace('T', ' ')}`;
    case 'override':
      return `set ${d.persona}'s verdict to ${d.verdict} (${d.reason})`;
    case 'edit':
      return `edited ${d.persona}'s quote (${d.reason})`;
    case 'reject':
      return `rejected ${d.persona}'s review (${d.reason})`;
    case 'label':
      return `labelled it ${d.verdict}${d.reason ? ` (${d.reason})` : ''}`;
    case 'retract':
      return `retracted ${d.retracts}`;
  }
}

const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p)}%`);
