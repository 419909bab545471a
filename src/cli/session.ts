import { openSession, type Session } from '../run/session.js';
import { stringFlag, type ParsedArgs } from './args.js';
import type { Io } from './io.js';

/** The run library's session for one command: the common flags and the process's io, used once here. */
export function sessionFor(args: ParsedArgs, io: Io): Promise<Session> {
  const flags: Record<string, string> = {};
  for (const name of ['config', 'provider', 'model', 'concurrency', 'samples', 'checker'] as const) {
    const value = stringFlag(args.values, name);
    if (value !== undefined) flags[name] = value;
  }
  return openSession({
    flags,
    env: io.env,
    cwd: io.cwd,
    notice: (message) => io.stderr.write(`panel: ${message}\n`),
    ...(io.signal ? { signal: io.signal } : {}),
    ...(io.now ? { now: io.now } : {}),
    ...(io.newId ? { newId: io.newId } : {}),
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(io.writeFault ? { writeFault: io.writeFault } : {}),
  });
}
