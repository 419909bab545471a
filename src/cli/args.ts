import { parseArgs } from 'node:util';
import type { Options } from './command.js';
import { UsageError } from '../errors.js';
import { nearest } from '../util/suggest.js';

/** Flags every command takes (README, Commands). */
export const COMMON_OPTIONS = {
  provider: { type: 'string' },
  model: { type: 'string' },
  concurrency: { type: 'string' },
  json: { type: 'boolean' },
  format: { type: 'string' },
  config: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const satisfies Options;

type FlagValue<T> = T extends { type: 'string' } ? string : T extends { type: 'boolean' } ? boolean : string | boolean;

/** Each flag a command declares (and the common ones), as parsed: a string for a flag that takes a value, else a boolean. */
export type FlagValues<O extends Options> = { [K in keyof O]?: FlagValue<O[K]> } & { [K in keyof typeof COMMON_OPTIONS]?: FlagValue<(typeof COMMON_OPTIONS)[K]> };

export interface ParsedArgs<O extends Options = Options> {
  values: FlagValues<O>;
  positionals: string[];
  /** The whole command line as given (command word included), to print a command that continues the work. */
  argv?: readonly string[];
}

/** The command line again, as a user can paste it into a shell. */
export function commandLine(args: ParsedArgs): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
  return ['panel', ...(args.argv ?? []).filter((w) => w !== '--resume').map(quote)].join(' ');
}

/** Parse one command's argv; an unknown or malformed flag is a UsageError that suggests the nearest one. */
export function parseCommandArgs(args: string[], extra: Options = {}): ParsedArgs {
  const options = { ...COMMON_OPTIONS, ...extra };
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'(-{1,2}[^'\s]+)'/.exec(e.message)?.[1] ?? '';
      const name = flag.replace(/^-+/, '').split('=')[0] ?? '';
      const suggestion = nearest(name, Object.keys(options)).map((o) => `\`--${o}\``);
      throw new UsageError(`Unknown flag ${flag}${suggestion.length ? ` (did you mean ${suggestion.join(' or ')}?)` : ''}. See --help.`);
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${e.message.replace(/\.$/, '')}. See --help.`);
    throw new UsageError(e.message);
  }
}

export function stringFlag<V extends object>(values: V, name: keyof V & string): string | undefined {
  const v = (values as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--json` is `--format json`; anything else must be one of `allowed`. */
export function outputFormat<F extends string>(values: { json?: boolean; format?: string }, allowed: readonly F[], fallback: F): F {
  const format = values['json'] ? 'json' : (stringFlag(values, 'format') ?? fallback);
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`--format ${format} is not available here; use one of ${allowed.join(', ')}.`);
  }
  return format as F;
}
