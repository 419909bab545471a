import { packageRoot } from '../util/package-root.js';
import { PanelError, UsageError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { escapeControlCharacters } from '../util/control-characters.js';
import { COMMON_OPTIONS, parseCommandArgs } from './args.js';
import { COMMANDS } from './commands/index.js';
import { mainHelp } from './help.js';
import type { Io } from './io.js';

function version(): string {
  return packageRoot().version;
}

/** 128 + the signal's number, as shells report a process stopped by it: 130 for Ctrl-C, 143 for SIGTERM. */
export function exitCodeFor(signal: unknown): number {
  return signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130;
}

/**
 * The whole CLI: argv in, exit code out, all output through `io`. Never calls
 * process.exit; a PanelError becomes its message and exit code, anything else
 * is a bug and shows its stack.
 */
export async function runCli(argv: readonly string[], given: Io): Promise<number> {
  const debug = argv.includes('--debug');
  const io = terminalSafe(given);
  try {
    return await dispatch([...argv], io);
  } catch (error) {
    if (io.signal?.aborted) return exitCodeFor(io.signal.reason);
    if (error instanceof PanelError) {
      io.stderr.write(`panel: ${error.message}\n`);
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    io.stderr.write(`panel: internal error (a bug; please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

/**
 * Everything the CLI prints goes through here: tool text, quotes and server
 * messages are untrusted, and a control character in them is shown escaped
 * (`\u001b`), never acted on by the terminal.
 */
function terminalSafe(io: Io): Io {
  const { stdout, stderr } = io;
  return {
    ...io,
    stdout: { write: (chunk: string) => stdout.write(escapeControlCharacters(chunk)), isTTY: stdout.isTTY ?? false },
    stderr: {
      write: (chunk: string) => stderr.write(escapeControlCharacters(chunk)),
      isTTY: stderr.isTTY ?? false,
      get columns() {
        return stderr.columns;
      },
    },
  };
}

/** Flags that take a value, from every command's declaration: the word after one is its value, not a command. */
const TAKES_VALUE = new Set(
  [COMMON_OPTIONS, ...Object.values(COMMANDS).map((c) => c.options ?? {})].flatMap((options) => Object.entries(options).flatMap(([name, o]) => (o.type === 'string' ? [`--${name}`] : []))),
);

/** The command a command line names, if any (for messages that depend on it, before it runs). */
export function commandName(argv: readonly string[]): string | undefined {
  const at = commandIndex(argv);
  return at === -1 ? undefined : argv[at];
}

/** The command word: the first argument that is neither a flag nor a flag's value. */
function commandIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (TAKES_VALUE.has(arg)) i++;
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
    if (topic && COMMANDS[topic]) return print(io, COMMANDS[topic].help);
    if (argv.length === 0) {
      io.stderr.write(mainHelp());
      return 2;
    }
    if (argv.includes('--help') || argv.includes('-h') || name === 'help') return print(io, mainHelp());
    parseCommandArgs(argv);
    throw new UsageError('Name a command. See `panel --help`.');
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`Unknown command \`${name}\`${didYouMean(name, Object.keys(COMMANDS))}. See \`panel --help\`.`);
  const rest = argv.filter((_, i) => i !== at);
  if (rest.includes('--help') || rest.includes('-h')) return print(io, command.help);
  if (rest.includes('--version') || rest.includes('-V')) return print(io, `${version()}\n`);
  const code = await command.run({ ...parseCommandArgs(rest, command.options), argv }, io);
  return io.signal?.aborted ? exitCodeFor(io.signal.reason) : code;
}

function print(io: Io, text: string): number {
  io.stdout.write(text);
  return 0;
}
