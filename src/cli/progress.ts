import type { ProgressSink } from '../run/kinds/ask-panel.js';
import type { ReviewRecord } from '../shapes/run-record.js';
import type { Io } from './io.js';

/**
 * Persona progress on stderr. In a pipe: one plain line per finished review.
 * On a TTY the same lines, plus a live bottom line of what is in flight.
 */
export function createProgress(stderr: Io['stderr'], now: () => number = Date.now): ProgressSink & { close(): void } {
  const tty = Boolean(stderr.isTTY);
  const inFlight = new Map<string, number>();
  let queued = 0;
  let done = 0;
  let timer: NodeJS.Timeout | undefined;

  const clearLine = () => tty && stderr.write('\r\x1b[K');
  const drawLive = () => {
    if (!tty || inFlight.size === 0) return;
    const oldest = Math.min(...inFlight.values());
    const names = [...inFlight.keys()];
    const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` +${names.length - 4}` : '');
    const line = `${done}/${queued} done · asking ${shown} · ${((now() - oldest) / 1000).toFixed(1)} s`;
    stderr.write(`\r\x1b[K${line.slice(0, (stderr.columns ?? 100) - 1)}`);
  };

  return {
    queued() {
      queued++;
    },
    started(tool, persona) {
      inFlight.set(`${tool}/${persona}`, now());
      if (tty && !timer) {
        timer = setInterval(drawLive, 200);
        timer.unref();
      }
      drawLive();
    },
    finished(tool, record: ReviewRecord) {
      inFlight.delete(`${tool}/${record.persona}`);
      done++;
      clearLine();
      stderr.write(`${tool} · ${record.persona}: ${outcome(record)}\n`);
      drawLive();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      clearLine();
    },
  };
}

function outcome(record: ReviewRecord): string {
  const replayed = record.exchanges[0]?.replayedFrom !== undefined;
  const secs = replayed ? 'replayed' : `${(record.latencyMs / 1000).toFixed(1)} s`;
  if (record.status === 'ok') {
    const reask = record.exchanges.length > 1 ? ', after a re-ask' : '';
    return `${record.review!.verdict} (${secs}${reask})`;
  }
  return `FAILED ${record.error?.kind}: ${record.error?.message}`;
}
