/** The public API of panel, for scripts and tests. The CLI is `panel` (see README.md). */
export { runCli } from './cli/main.js';
export { review, type ReviewOptions, type ReviewResult } from './run/review.js';
export { regen, type RegenOptions, type RegenResult } from './run/regen.js';
export { openSession, type Session, type SessionOptions } from './run/session.js';
export type { ToolOutcome, RunResult } from './run/outcome.js';
export type { ToolPlan, PlannedCall } from './run/plan.js';
export type { ProgressSink } from './run/ask-panel.js';
export type { Io } from './cli/io.js';
export { PanelError, UsageError, InputError, WorkError, type Problem } from './errors.js';
export { loadConfig, type Config } from './config.js';
export { loadTool, listSlugs } from './catalog/catalog.js';
export { toolFileSchema, type Tool, type ToolFile } from './catalog/tool-schema.js';
export { loadPersonas, type Persona } from './personas/persona.js';
export { reviewSchema, type Review, type Verdict } from './review/schema.js';
export { parseReview, type OutputFailure, type ParseResult } from './review/parse.js';
export { buildPrompt, type Prompt } from './review/prompt.js';
export { anthropicWire } from './providers/anthropic-wire.js';
export { openaiWire } from './providers/openai-wire.js';
export { createReplayProvider, ReplayMissError } from './run/replay-provider.js';
export type { Provider, Call } from './providers/provider.js';
export type { Exchange } from './shapes/exchange.js';
export { RunStore } from './runs/store.js';
export { runRecordSchema, type RunRecord, type ReviewRecord, type Score } from './runs/record.js';
export { scorePanel } from './runs/score.js';
export { buildPanel, buildToolPage } from './aggregate/card.js';
export { buildComparison } from './aggregate/comparison.js';
export {
  pageSchema,
  comparisonPageSchema,
  toolPageSchema,
  type Page,
  type ComparisonPage,
  type ToolPage,
  type ToolPanel,
} from './aggregate/page-model.js';
export { renderPage, type PageFormat } from './render/page.js';
export { renderMarkdown } from './render/markdown.js';
export { renderHtml } from './render/html.js';
export { renderPanelText } from './render/text.js';
export { canonicalJson, hashOf } from './util/hash.js';
