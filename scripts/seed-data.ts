/**
 * The seed's runs: the published panel page (fixtures/seed/) transcribed into
 * run records. Each quote is shaped as the Anthropic Messages API response a
 * forced `submit_review` tool call returns, and the records are produced by
 * panel's own runner from today's tool files and prompts, so replay parses
 * them exactly as it parses a live answer. No model is called; the records say
 * so in `origin` and carry zero tokens.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadTool } from '../src/catalog/catalog.js';
import { panelOf, plannedCall, Planner } from '../src/run/plan/plan.js';
import { openSession } from '../src/run/session.js';
import { loadPersonas } from '../src/personas/persona.js';
import { anthropicWire } from '../src/providers/anthropic-wire.js';
import type { Provider } from '../src/providers/provider.js';
import { askPanel } from '../src/run/kinds/ask-panel.js';
import { Scheduler } from '../src/run/ask/scheduler.js';
import { REVIEW_TOOL_NAME } from '../src/review/schema.js';
import type { Review } from '../src/shapes/answers.js';
import { newRunRecord } from '../src/records/record-factory.js';
import type { RunRecord } from '../src/shapes/run-record.js';
import { hashOf } from '../src/util/hash.js';

export const SEED_FILE = 'fixtures/seed/000_82ccd74fa85f7184.txt';
const SEED_DATE = '2026-11-01T00:00:00.000Z';
const SEED_MODEL = anthropicWire.defaultModel;

/** Whose each scorecard quote is, in the page's order (read off the personas' lenses). */
const SCORECARD_ORDER: [slug: string, persona: string][] = [
  ['smolvlm2', 'builder'],
  ['karpathy-skills', 'builder'],
  ['smolvlm2', 'skeptic'],
  ['karpathy-skills', 'skeptic'],
  ['smolvlm2', 'futurist'],
  ['karpathy-skills', 'futurist'],
  ['smolvlm2', 'buyer'],
  ['karpathy-skills', 'creator'],
];
/** The one skip on the page: the Karpathy Skills skeptic ("It's a text file..."). */
const SKIPS = new Set(['karpathy-skills/skeptic']);

export const SEED_SLUGS = ['smolvlm2', 'karpathy-skills'] as const;

/** The scorecard quotes, read from the page: the lines in “curly quotes” after "Reviewer scorecard". */
export async function seedReviews(root: string): Promise<Map<string, Review>> {
  const page = await readFile(join(root, SEED_FILE), 'utf8');
  const scorecard = page.slice(page.indexOf('Reviewer scorecard'));
  const quotes = scorecard
    .split('\n')
    .filter((line) => line.startsWith('“') && line.endsWith('”'))
    .map((line) => line.slice(1, -1));
  if (quotes.length !== SCORECARD_ORDER.length) {
    throw new Error(`${SEED_FILE}: expected ${SCORECARD_ORDER.length} scorecard quotes, found ${quotes.length}`);
  }
  return new Map(SCORECARD_ORDER.map(([slug, persona], i) => [`${slug}/${persona}`, { verdict: SKIPS.has(`${slug}/${persona}`) ? 'skip' : 'ship', quote: quotes[i]! }]));
}

/** A provider that answers each request with the transcribed quote, as an Anthropic tool_use response. */
function transcriptionProvider(slug: string, reviews: Map<string, Review>): Provider {
  return {
    name: 'anthropic',
    wire: anthropicWire,
    async complete(call) {
      const review = reviews.get(`${slug}/${call.persona}`);
      if (!review) throw new Error(`the seed page has no ${call.persona} quote for ${slug}`);
      const request = anthropicWire.buildRequest(call.prompt, call.params, call.repair);
      const id = hashOf({ slug, persona: call.persona }).slice(0, 24);
      return {
        request,
        requestHash: hashOf(request),
        response: {
          status: 200,
          headers: {},
          body: {
            id: `msg_transcribed_${id}`,
            type: 'message',
            role: 'assistant',
            model: call.params.model,
            content: [{ type: 'tool_use', id: `toolu_transcribed_${id}`, name: REVIEW_TOOL_NAME, input: review }],
            stop_reason: 'tool_use',
            stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 0 },
          },
        },
        latencyMs: 0,
        attempts: 0,
      };
    },
  };
}

/** Build the seed's run records from the page and today's tool files and prompts. Deterministic. */
export async function buildSeedRecords(root: string): Promise<RunRecord[]> {
  const personas = await loadPersonas(join(root, 'personas'), root);
  // The parameters a live review would send today (models.yaml), so the recordings replay by hash.
  const planner = new Planner(await openSession({ cwd: root, env: {} }), false);
  const reviews = await seedReviews(root);
  const records: RunRecord[] = [];
  for (const slug of SEED_SLUGS) {
    const tool = await loadTool(
      slug,
      join(root, 'fixtures/tools'),
      root,
      personas.map((p) => p.id),
    );
    const provider = transcriptionProvider(slug, reviews);
    const done = await askPanel({
      tool,
      calls: panelOf(tool, personas).map((persona) => {
        const route = { provider: 'anthropic', api: 'anthropic' as const, model: SEED_MODEL };
        return plannedCall(tool, persona, route, planner.paramsFor(tool, persona, route), ['transcribed']);
      }),
      providers: new Map([['anthropic', provider]]),
      scheduler: new Scheduler(1),
    });
    // No model was called: each transcribed review cost nothing (a known 0, not an unknown price).
    const free = done.map((review) => ({ ...review, cost: 0 }));
    records.push(
      newRunRecord({
        tool,
        provider: 'anthropic',
        config: { concurrency: 1, timeoutMs: 0, attempts: 0 },
        reviews: free,
        // One id per tool, so a runId alone names one run.
        runId: `${SEED_DATE.replace(/:/g, '-')}-seed${slug.replace(/[^a-z0-9]/g, '')}`,
        createdAt: new Date(SEED_DATE).toISOString(),
        command: 'seed-runs',
        origin: {
          kind: 'transcribed',
          source: SEED_FILE,
          note:
            "Transcribed from the published panel page, not a live call: verdicts and quotes are the page's, word for word, " +
            "shaped as Anthropic Messages API responses to today's prompts. No model was called and no tokens were spent. " +
            'Regenerate with `npm run seed-runs`.',
        },
      }),
    );
  }
  return records;
}

export function seedRecordJson(record: RunRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
