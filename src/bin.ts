#!/usr/bin/env node
import './compile-cache.js'; // first: on Node 22+, later modules load from the compile cache
import './heap.js'; // it tunes the heap before anything allocates
import { commandName, exitCodeFor, runCli } from './cli/main.js';

// The first stop signal (Ctrl-C, SIGTERM from CI or `timeout`, SIGHUP when the
// terminal closes) stops starting calls and lets those in flight finish: they
// are paid for either way. A second one quits at once.
const interrupt = new AbortController();
const argv = process.argv.slice(2);
const calls = ['review', 'regen', 'compare', 'batch'].includes(commandName(argv) ?? '');
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(exitCodeFor(signal));
    process.stderr.write(
      calls ? `\npanel: stopping (${signal}): no new call starts; calls already sent finish and are kept (they are paid for). Ctrl-C again to quit at once.\n` : `\npanel: stopping (${signal}).\n`,
    );
    interrupt.abort(signal);
  });
}
process.exitCode = await runCli(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
