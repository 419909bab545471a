import { z } from 'zod';
import { scoreSchema } from '../shapes/run-record.js';

/**
 * The data model of the pages panel publishes, as zod schemas so a site can
 * validate what `--format json` gives it. Markdown, HTML and text render this
 * same model, so the formats carry the same content.
 */

const verdict = z.enum(['ship', 'skip']);

/** One of a persona's samples, as asked. */
const sampleEntrySchema = z.object({
  sample: z.number(),
  status: z.enum(['ok', 'failed', 'recused']),
  verdict: verdict.nullable(),
  quote: z.string().nullable(),
});

const reviewEntrySchema = z.object({
  persona: z.string(),
  personaName: z.string(),
  /** `recused`: the self-preference guard kept the persona off this tool. */
  status: z.enum(['ok', 'failed', 'recused']),
  /** The majority of the persona's samples; `tie` on an even split. */
  verdict: z.enum(['ship', 'skip', 'tie']).nullable(),
  /** A quote from a sample that agrees with the majority (the first sample's on a tie). */
  quote: z.string().nullable(),
  error: z.object({ kind: z.string(), message: z.string() }).nullable(),
  /** The model and provider the persona ran on. */
  model: z.string(),
  provider: z.string(),
  /** "ship 3/3", "skip 2/3 (contested)", "tie 1/2", "ship 2/2 (1 failed)"; null with one sample. */
  count: z.string().nullable(),
  contested: z.boolean(),
  /** The majority's share of valid samples; null when none is valid. */
  stability: z.number().nullable(),
  /** Why the persona was recused, as a reader sees it. */
  recusal: z.string().nullable(),
  samples: z.array(sampleEntrySchema),
  /**
   * What the editors changed, said beside the quote: the verdict they set
   * (it counts in the score) with the persona's own, and whether the quote
   * was edited; each with the editors' reason. Null when they changed nothing.
   */
  editorial: z
    .object({
      verdict: z.object({ set: verdict, persona: z.enum(['ship', 'skip', 'tie']).nullable(), reason: z.string() }).nullable(),
      quote: z.object({ reason: z.string() }).nullable(),
    })
    .nullable(),
  /**
   * The shown quote checked against the tool's own material: each figure it
   * states and whether the material states it (aggregate/figures.ts), and the
   * claim check's verdicts when a checker model read it (null: not checked by a model).
   * Null when there is no quote.
   */
  checks: z
    .object({
      figures: z.array(z.object({ figure: z.string(), found: z.boolean() })),
      claims: z.array(z.object({ claim: z.string(), status: z.enum(['supported', 'contradicted', 'not_in_material']), evidence: z.string() })).nullable(),
    })
    .nullable(),
});
export type ReviewEntry = z.output<typeof reviewEntrySchema>;

const communitySchema = z.object({
  ship: z.number(),
  skip: z.number(),
  votes: z.number(),
  /** Whole percent of votes that ship; null with no votes. */
  percent: z.number().nullable(),
  /** "80% ship (12 votes)", or "—" with no votes (as on the published page). */
  display: z.string(),
});
export type Community = z.output<typeof communitySchema>;

const panelScoreSchema = scoreSchema.extend({
  /** "100%", or "—" when no review is valid. */
  display: z.string(),
});

/** One tool's panel: its card and every persona's review, from one run. */
const toolPanelSchema = z.object({
  tool: z.object({
    slug: z.string(),
    name: z.string(),
    category: z.string(),
    tagline: z.string(),
    description: z.string(),
    url: z.string().nullable(),
    pricing: z.object({ entry: z.string(), notes: z.string().nullable() }),
    /** Figures its sources report, with when they were read ("GitHub: 32.1k stars, read 2026-12-04"): never a review input. */
    figures: z.array(z.string()),
  }),
  score: panelScoreSchema,
  community: communitySchema,
  reviews: z.array(reviewEntrySchema),
  run: z.object({
    runId: z.string(),
    createdAt: z.string(),
    origin: z.enum(['live', 'transcribed']),
    provider: z.string(),
    models: z.array(z.string()),
  }),
});
export type ToolPanel = z.output<typeof toolPanelSchema>;

export const toolPageSchema = z.object({
  kind: z.literal('tool'),
  title: z.string(),
  panel: toolPanelSchema,
});
export type ToolPage = z.output<typeof toolPageSchema>;

/** One persona's verdict on one tool in the side-by-side split. */
const splitCellSchema = z.object({
  status: z.enum(['ship', 'skip', 'tie', 'failed', 'recused', 'absent']),
  quote: z.string().nullable(),
});
export type SplitCell = z.output<typeof splitCellSchema>;

export const comparisonPageSchema = z.object({
  kind: z.literal('comparison'),
  title: z.string(),
  question: z.string(),
  intro: z.string(),
  tools: z.tuple([toolPanelSchema, toolPanelSchema]),
  /** Persona by persona, each tool in turn, as on the published page. */
  scorecard: z.array(reviewEntrySchema.extend({ slug: z.string(), toolName: z.string() })),
  pricing: z.object({
    tools: z.array(z.object({ slug: z.string(), name: z.string(), entry: z.string(), notes: z.string().nullable() })),
    read: z.string(),
  }),
  split: z.array(
    z.object({
      persona: z.string(),
      personaName: z.string(),
      cells: z.tuple([splitCellSchema, splitCellSchema]),
      /** Both reviewed and agree; null when either did not review. */
      agree: z.boolean().nullable(),
    }),
  ),
  community: z.object({ read: z.string() }),
  /** Said when the two panels ran on different models, so their scores are not like for like; null otherwise. */
  modelsNote: z.string().nullable(),
  /** Each persona picking between the two tools, asked in both orders; null when no head-to-head was run. */
  headToHead: z
    .object({
      runId: z.string(),
      /** "4 of 5 personas pick SmolVLM2; 1 position-dependent" */
      tally: z.string(),
      winner: z.string().nullable(),
      results: z.array(
        z.object({
          persona: z.string(),
          personaName: z.string(),
          /** A tool's slug, or `position-dependent` when the two orders disagree (counted as a tie); null when failed or recused. */
          pick: z.string().nullable(),
          pickName: z.string().nullable(),
          status: z.enum(['ok', 'failed', 'recused']),
          quote: z.string().nullable(),
          model: z.string(),
        }),
      ),
    })
    .nullable(),
  verdict: z.object({
    /**
     * `winner`: ship with `winner`. `preferred`: the head-to-head prefers a tool its own panel does not ship.
     * `neither`: neither panel ships its tool. `tie`, `incomplete` as they say (aggregate/verdict-rules.ts).
     */
    outcome: z.enum(['winner', 'preferred', 'neither', 'tie', 'incomplete']),
    /** Slug of the tool to ship with; null unless the outcome is `winner`. */
    winner: z.string().nullable(),
    /** Slug of the tool the panel prefers, shipped or not; null when neither leads. */
    prefers: z.string().nullable(),
    /** Lead in percentage points; 0 for a tie; null when incomplete. */
    margin: z.number().nullable(),
    text: z.string(),
  }),
});
export type ComparisonPage = z.output<typeof comparisonPageSchema>;

export const pageSchema = z.discriminatedUnion('kind', [toolPageSchema, comparisonPageSchema]);
export type Page = z.output<typeof pageSchema>;
