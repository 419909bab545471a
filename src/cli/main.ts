import { packageRoot } from '../util/package-root.js';
import { PanelError, UsageError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { parseCommandArgs, type ParsedArgs } from './args.js';
import { COMMAND_HELP, MAIN_HELP } from './help.js';
import type { Io } from './io.js';

type Command = (args: ParsedArgs, io: Io) => Promise<number>;

const PAGE_OPTIONS = { out: { type: 'string' }, fragment: { type: 'boolean' } } as const;

/** Commands load on demand, so `--help` and `--version` pay for no zod, yaml or SDK import. */
const COMMANDS: Record<string, { load: () => Promise<Command>; options?: Parameters<typeof parseCommandArgs>[1] }> = {
  review: {
    load: async () => (await import('./commands/review.js')).reviewCommand,
    options: { ...PAGE_OPTIONS, resume: { type: 'boolean' }, 'max-cost': { type: 'string' }, batch: { type: 'boolean' } },
  },
  compare: { load: async () => (await import('./commands/show.js')).compareCommand, options: PAGE_OPTIONS },
  show: { load: async () => (await import('./commands/show.js')).showCommand, options: PAGE_OPTIONS },
  regen: {
    load: async () => (await import('./commands/regen.js')).regenCommand,
    options: { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, resume: { type: 'boolean' }, 'max-cost': { type: 'string' }, batch: { type: 'boolean' } },
  },
  history: { load: async () => (await import('./commands/history.js')).historyCommand },
  diff: { load: async () => (await import('./commands/history.js')).diffCommand },
  replay: { load: async () => (await import('./commands/replay.js')).replayCommand, options: { all: { type: 'boolean' } } },
  check: { load: async () => (await import('./commands/check.js')).checkCommand },
  batch: { load: async () => (await import('./commands/batch.js')).batchCommand },
  tools: { load: async () => (await import('./commands/list.js')).toolsCommand },
  personas: { load: async () => (await import('./commands/list.js')).personasCommand },
};

export function version(): string {
  return packageRoot().version;
}

/**
 * The whole CLI: argv in, exit code out, all output through `io`. Never calls
 * process.exit; a PanelError becomes its message and exit code, anything else
 * is a bug and shows its stack.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await dispatch([...argv], io);
  } catch (error) {
    if (io.signal?.aborted) return 130;
    if (error instanceof PanelError) {
      io.stderr.write(`panel: ${error.message}\n`);
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    io.stderr.write(`panel: internal error (a bug; please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

/** The command word: the first argument that is neither a flag nor a flag's value. */
function commandIndex(argv: readonly string[]): number {
  const takesValue = new Set(['--provider', '--model', '--concurrency', '--format', '--config', '--out', '--max-cost']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (takesValue.has(arg)) i++;
    else if (!arg.startsWith('-')) return i;
  }
  return -1;
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const at = commandIndex(argv);
  const name = at === -1 ? undefined : argv[at];
  if (name === undefined || name === 'help') {
    const topic = name === 'help' ? argv[argv.indexOf('help') + 1] : undefined;
    if (argv.includes('--version') || argv.includes('-V')) return print(io, `${version()}\n`);
    if (topic && COMMAND_HELP[topic]) return print(io, COMMAND_HELP[topic]);
    if (argv.length === 0) {
      io.stderr.write(MAIN_HELP);
      return 2;
    }
    if (argv.includes('--help') || argv.includes('-h') || name === 'help') return print(io, MAIN_HELP);
    parseCommandArgs(argv);
    throw new UsageError('Name a command. See `panel --help`.');
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`Unknown command \`${name}\`${didYouMean(name, Object.keys(COMMANDS))}. See \`panel --help\`.`);
  const rest = argv.filter((_, i) => i !== at);
  if (rest.includes('--help') || rest.includes('-h')) return print(io, COMMAND_HELP[name] ?? MAIN_HELP);
  if (rest.includes('--version') || rest.includes('-V')) return print(io, `${version()}\n`);
  const parsed = parseCommandArgs(rest, command.options);
  const code = await (await command.load())(parsed, io);
  return io.signal?.aborted ? 130 : code;
}

function print(io: Io, text: string): number {
  io.stdout.write(text);
  return 0;
}
