import type { Spend } from '../cost/spend.js';
import type { ReviewRecord, RunRecord } from '../shapes/run-record.js';
import type { ToolPlan } from './plan/plan.js';
import type { CheckOutcome } from './live/check-claims.js';

/** What one tool's run came to, however it ran (live, replayed): the one result type every command presents. */
export interface ToolOutcome {
  plan: ToolPlan;
  /** The run: as written (live; its exchanges are in the file, not kept here), or as replayed from its recording (nothing written). Undefined while unfinished. */
  record: RunRecord | undefined;
  /** The run record written, as a path to show; null when nothing was written. */
  runFile: string | null;
  /** The recorded runs a replay answered from. */
  replayedFrom: string[];
  /** Reviews made by calls in this process: what was paid for (a written run's without their exchanges). */
  paid: ReviewRecord[];
  /** A persona's new review failed. */
  failed: boolean;
  /** Interrupted: the checkpoint that keeps what finished (empty when the tool was never started). */
  unfinished?: { checkpoint: string; kept: number; of: number };
  /** The runs folder stopped taking writes: why, and where answers it could not take were kept instead. */
  writeFailure?: { code: string; message: string; keptAside: string | undefined };
}

/** What a command's runs came to. */
export interface RunResult {
  outcomes: ToolOutcome[];
  /** Why calls stopped being started early: interrupted, a fatal provider error, the --max-cost cap. */
  stoppedBecause: string | undefined;
  /** What this command paid for, summed. */
  spend: Spend;
  /** Each tool's claim check (`grounding: on`). */
  checks?: CheckOutcome[];
}

/** 0 when every tool finished and none failed; 1 otherwise (README, exit codes: 1, the work failed). */
export function exitCodeOf(result: RunResult): 0 | 1 {
  return result.outcomes.some((o) => o.failed) || result.stoppedBecause ? 1 : 0;
}
