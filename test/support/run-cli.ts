/** Run panel in-process (runCli with captured streams) or as the built CLI in a child process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { ROOT } from './workspace.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment with no provider configured, whatever the developer's shell has. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    ...extra,
  };
}

export async function panel(argv: string[], options: Partial<Io> & { cwd: string }): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: cleanEnv(),
    ...options,
  });
  return { code, stdout, stderr };
}

const BIN = join(ROOT, 'dist/bundle/panel.mjs');

/** The built CLI as a user runs it: `node dist/bundle/panel.mjs ...`. */
export function panelProcess(argv: string[], options: { cwd: string; env: Record<string, string | undefined> }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The built CLI in the background, for tests that signal it mid-run. */
export function spawnPanel(argv: string[], options: { cwd: string; env: Record<string, string | undefined> }) {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}
