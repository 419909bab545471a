import { Checkpoint, findCheckpoints, retireCheckpoint, type EntrySchema, type FoundCheckpoint } from '../../records/checkpoint.js';
import { keepAside, keptAsideDir } from '../../records/kept-aside.js';
import { isWriteFailure } from '../../records/write-fault.js';
import type { Scheduler } from '../ask/scheduler.js';
import type { Session } from '../session.js';

/** What a durable run of any kind of call (reviews of a tool, picks of a pair) needs to know about its subject. */
export interface DurableRunSpec<E extends { fingerprint: string }> {
  /** The tool's slug or the pair's key: the checkpoint's folder and the header's subject. */
  subject: string;
  /** Where its checkpoints live (`runs/.work` or `runs/.work/.comparisons`), and where answers the runs folder would not take go. */
  workDir: string;
  keptAsideRoot: string;
  schema: EntrySchema<E>;
  /** A call's slot in the run (a persona and sample, a persona and order). */
  keyOf(entry: E): string;
  /** The calls the run owes, each by its slot and its inputs' fingerprint. */
  owed: readonly { key: string; fingerprint: string }[];
  /** Run ids that already have a record: their checkpoints were finished just before a crash. */
  recorded: ReadonlySet<string>;
  /** "review" or "pick", for what panel says. */
  noun: string;
  /** Continue the newest unfinished run under its id (reviews: a run never sorts below a newer record), or always start a new one. */
  resume: (newest: FoundCheckpoint<E> | undefined, kept: number) => { runId: string; createdAt: string } | undefined;
  scheduler: Scheduler;
}

/**
 * A run's durable state, the same for every kind of call: what earlier,
 * unfinished runs kept (matched by slot and fingerprint, never bought
 * again), the new checkpoint holding it, and `keep`, which every new answer
 * passes through before it counts: appended and fsynced (group commit); if
 * the runs folder will not take it, calls stop starting and the answer is
 * kept aside in the system temp folder, where the next run finds it.
 */
export class DurableRun<E extends { fingerprint: string }> {
  private writeError: NodeJS.ErrnoException | undefined;
  private asideFile: string | undefined;

  private constructor(
    private readonly session: Session,
    private readonly spec: DurableRunSpec<E>,
    readonly header: { checkpoint: 1; runId: string; slug: string; createdAt: string },
    readonly checkpoint: Checkpoint<E>,
    /** Answers kept from earlier unfinished runs, by slot. */
    readonly kept: ReadonlyMap<string, E>,
  ) {}

  static async open<E extends { fingerprint: string }>(session: Session, spec: DurableRunSpec<E>): Promise<DurableRun<E>> {
    const { store } = session;
    const found = [...(await findCheckpoints(spec.workDir, spec.subject, spec.schema)), ...(await findCheckpoints(keptAsideDir(spec.keptAsideRoot), spec.subject, spec.schema))].sort((a, b) =>
      a.runId < b.runId ? 1 : -1,
    );
    for (const f of found) {
      if (f.damaged.length === 0) continue;
      const lines = f.damaged.map((d) => `line ${d.line}: ${d.reason}`).join('; ');
      const n = f.reviews.length;
      session.notice(
        `${store.shown(f.path)} has damaged lines (${lines}); its ${n} valid ${spec.noun}${n === 1 ? ' is' : 's are'} kept, ` +
          'and the file is set aside as .damaged for `panel check` to report until you delete it.',
      );
    }
    const unfinished = found.filter((f) => !spec.recorded.has(f.runId));
    const answers = unfinished.flatMap((f) => f.reviews);
    const kept = new Map<string, E>();
    for (const call of spec.owed) {
      const done = answers.find((e) => spec.keyOf(e) === call.key && e.fingerprint === call.fingerprint);
      if (done) kept.set(call.key, done);
    }
    const stale = answers.filter((e) => kept.get(spec.keyOf(e)) !== e).length;
    const resumed = spec.resume(unfinished[0], kept.size);
    const header = { checkpoint: 1 as const, runId: resumed?.runId ?? session.newRunId(), slug: spec.subject, createdAt: resumed?.createdAt ?? session.now().toISOString() };
    if (kept.size > 0)
      session.notice(`resuming ${spec.subject} run ${header.runId}: ${kept.size} of ${spec.owed.length} ${spec.noun}s already done (kept from its checkpoint; no call is made for them).`);
    if (stale > 0) session.notice(`${spec.subject}: discarded ${stale} checkpointed ${spec.noun}${stale === 1 ? '' : 's'} whose inputs have changed since.`);
    const checkpoint = await Checkpoint.create<E>(spec.workDir, header, [...kept.values()], store.fault);
    // The kept answers are safe in the new checkpoint: the old files can go (damaged ones are put aside for `panel check`).
    for (const f of found) if (f.path !== checkpoint.path) await retireCheckpoint(f);
    return new DurableRun(session, spec, header, checkpoint, kept);
  }

  /** Checkpoint a paid answer before it counts; if the runs folder will not take it, stop starting calls and keep it aside. */
  readonly keep = async (entry: E): Promise<void> => {
    const { store } = this.session;
    for (let attempt = 0; !this.writeError && attempt < 3; attempt++) {
      try {
        return await this.checkpoint.add(entry);
      } catch (error) {
        if (!isWriteFailure(error)) throw error;
        if (attempt === 0) this.spec.scheduler.stopStarting(`the runs folder ${store.shown(store.dir)} cannot be written (${error.code})`);
        if (attempt === 2) this.writeError = error;
        else await new Promise((r) => setTimeout(r, 100));
      }
    }
    this.asideFile = await keepAside(this.spec.keptAsideRoot, this.header, entry);
  };

  /**
   * Write the run's record whole, then drop the checkpoint. If the write
   * fails, the checkpoint stays: every answer is in it, and the next run of
   * the same command writes the record without asking again.
   */
  async commit(write: () => Promise<string>): Promise<string> {
    let path: string;
    try {
      path = await write();
    } catch (error) {
      await this.checkpoint.close();
      throw error;
    }
    await this.checkpoint.finish();
    return path;
  }

  /** The write that failed for good, if one did, and where answers were kept instead. */
  get writeFailure(): { error: NodeJS.ErrnoException; keptAside: string | undefined } | undefined {
    return this.writeError && { error: this.writeError, keptAside: this.asideFile };
  }
}
