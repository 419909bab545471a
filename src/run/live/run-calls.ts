import type { Provider } from '../../providers/provider.js';
import type { Price } from '../../cost/prices.js';
import { isIncompleteFailure } from '../../shapes/failure.js';
import type { Scheduler } from '../ask/scheduler.js';
import { askCalls, type CallKind, type CallProgress, type KindCall, type KindEntry } from '../kinds/call-kind.js';
import type { Session } from '../session.js';
import { DurableRun, type DurableRunSpec } from './durable-run.js';

/** One run of one subject (a tool's reviews, a pair's picks), whatever the kind of call: what it owes and where it keeps its state. */
export interface CallsRunSpec<C extends KindCall, E extends KindEntry> {
  kind: CallKind<C, E>;
  /** The tool's slug or the pair's key. */
  subject: string;
  workDir: string;
  keptAsideRoot: string;
  /** Every call of the run, in the record's order, recused ones included. */
  calls: readonly C[];
  /** Records carried from the latest record at no cost, by slot: their calls are not owed. */
  carried: ReadonlyMap<string, E>;
  /** Run ids that already have a record. */
  recorded: ReadonlySet<string>;
  resume: DurableRunSpec<E>['resume'];
  /**
   * Whether a run some of whose calls were never sent (the --max-cost budget,
   * a fatal provider error) is still written, its missing calls failed for the
   * next regen to ask (a tool's run), or kept in its checkpoint (a comparison,
   * which is written whole or not at all). An interrupted run is always kept.
   */
  writesIncomplete: boolean;
  scheduler: Scheduler;
  providers: ReadonlyMap<string, Provider>;
  priceFor: (model: string) => Price | undefined;
  progress?: CallProgress<C, E>;
}

export type CallsRunResult<E> =
  | {
      done: true;
      /** Every record, in the calls' order: carried, kept from a checkpoint, recused and new. */
      entries: E[];
      /** The records paid for in this process. */
      paid: E[];
      header: { runId: string; createdAt: string };
      /** Write the record whole (`write` returns its path), then drop the checkpoint. */
      commit(write: () => Promise<string>): Promise<string>;
    }
  | {
      done: false;
      paid: E[];
      /** The checkpoint that keeps what finished, for the same command to pick up. */
      unfinished: { checkpoint: string; kept: number; of: number };
      writeFailure?: { code: string; message: string; keptAside: string | undefined };
    };

/**
 * The one execution path for a subject's calls of any kind, run under the
 * subject's lock (taken by the caller): what earlier unfinished runs kept is
 * used, not bought again; every other owed call is asked under the command's
 * rules; every answer is checkpointed (group commit, fsynced, kept aside on a
 * full disk) before it counts; the caller writes the record whole through
 * `commit` once every call is in.
 */
export async function runCalls<C extends KindCall, E extends KindEntry>(session: Session, spec: CallsRunSpec<C, E>): Promise<CallsRunResult<E>> {
  const { kind, scheduler } = spec;
  const owed = spec.calls.filter((c) => !c.recused && !spec.carried.has(kind.slot(c)));
  const run = await DurableRun.open<E>(session, {
    subject: spec.subject,
    workDir: spec.workDir,
    keptAsideRoot: spec.keptAsideRoot,
    schema: kind.entrySchema,
    keyOf: kind.slot,
    owed: owed.map((c) => ({ key: kind.slot(c), fingerprint: c.fingerprint })),
    recorded: spec.recorded,
    noun: kind.noun,
    scheduler,
    resume: spec.resume,
  });
  const todo = owed.filter((c) => !run.kept.has(kind.slot(c)));
  let paid: E[];
  try {
    paid = await askCalls(kind, todo, {
      providers: spec.providers,
      scheduler,
      priceFor: spec.priceFor,
      keep: run.keep,
      ...(spec.progress ? { progress: spec.progress } : {}),
    });
  } catch (error) {
    await run.checkpoint.close();
    throw error;
  }
  const bySlot = new Map<string, E>([...spec.carried, ...run.kept, ...paid.map((e) => [kind.slot(e), e] as const)]);
  const entries = spec.calls.map((c) => (c.recused ? kind.recused(c) : bySlot.get(kind.slot(c))!));
  const incomplete = paid.filter((e) => isIncompleteFailure(e.error));
  const writeFailure = run.writeFailure;
  const stopped = scheduler.stoppedBecause === 'interrupted' || scheduler.stoppedBecause?.startsWith('the runs folder');
  if (writeFailure || (incomplete.length > 0 && (stopped || !spec.writesIncomplete))) {
    await run.checkpoint.close();
    return {
      done: false,
      paid: paid.filter((e) => !isIncompleteFailure(e.error)),
      unfinished: { checkpoint: session.store.shown(run.checkpoint.path), kept: owed.length - incomplete.length, of: owed.length },
      ...(writeFailure ? { writeFailure: { code: writeFailure.error.code ?? 'error', message: writeFailure.error.message, keptAside: writeFailure.keptAside } } : {}),
    };
  }
  return { done: true, entries, paid, header: run.header, commit: (write) => run.commit(write) };
}
