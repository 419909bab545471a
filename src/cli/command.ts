import type { ParseArgsConfig } from 'node:util';
import type { ParsedArgs } from './args.js';
import type { Io } from './io.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * One command, declared once: its name and one-line summary (the command list
 * in `panel --help`), its flags beyond the common ones, its help page, and
 * what it does. A command file keeps its heavy imports inside `run`, so
 * `--help` loads no zod, yaml or SDK.
 */
export interface Command<O extends Options = Options> {
  /** As shown in the command list, e.g. `review <tool...>`. */
  usage: string;
  summary: string;
  options?: O;
  help: string;
  /** `args.values` is typed from `options` and the common flags: a misspelt flag name does not compile. */
  run(args: ParsedArgs<O>, io: Io): Promise<number>;
}

/** Declare a command; its flags' names and types are inferred from `options`. */
export function defineCommand<const O extends Options = Record<never, never>>(command: Command<O>): Command<O> {
  return command;
}

export const PAGE_OPTIONS = { out: { type: 'string' }, fragment: { type: 'boolean' } } as const satisfies Options;
