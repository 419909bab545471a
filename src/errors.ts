/**
 * Every error panel shows a user is a PanelError: it carries the exit code the
 * CLI returns (README, exit codes: 1 the work failed, 2 the command was wrong) and, for
 * input problems, where the problem is and how to fix it. Anything else that
 * reaches the CLI is a bug and is shown with its stack.
 */
export type ExitCode = 1 | 2;

export class PanelError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** The command itself was wrong: a bad flag, an unknown tool or persona. Exit 2. */
export class UsageError extends PanelError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** One thing wrong inside an input file, located as precisely as the file allows. */
export interface Problem {
  /** Dotted field path, e.g. `pricing.entry` or `panel[2]`. */
  field?: string;
  line?: number;
  column?: number;
  message: string;
  /** What to do about it. */
  fix?: string;
}

/** An input file (tool, persona, config, run record) is invalid. Exit 2. Lists every problem at once. */
export class InputError extends PanelError {
  readonly file: string;
  readonly problems: readonly Problem[];
  constructor(file: string, problems: readonly Problem[]) {
    super(formatProblems(file, problems), 2);
    this.file = file;
    this.problems = problems;
  }
}

/** The work was attempted and failed: a persona failed, a replay missed, a provider refused. Exit 1. */
export class WorkError extends PanelError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 1, options);
  }
}

function formatProblems(file: string, problems: readonly Problem[]): string {
  const lines = [`${file}: ${problems.length === 1 ? 'invalid' : `${problems.length} problems`}`];
  for (const p of problems) {
    const at = p.line !== undefined ? `${file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : file;
    lines.push(`  ${at}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
    if (p.fix) lines.push(`    fix: ${p.fix}`);
  }
  return lines.join('\n');
}
