#!/usr/bin/env node
import './compile-cache.js'; // first: on Node 22+, later modules load from the compile cache
import './heap.js'; // it tunes the heap before anything allocates
import { runCli } from './cli/main.js';

// First Ctrl-C: stop starting calls, keep what finished, say how to resume. Second: quit now.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  process.stderr.write('\npanel: stopping; completed reviews are kept (Ctrl-C again to quit at once)\n');
  interrupt.abort();
});
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
