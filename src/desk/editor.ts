import { execFile } from 'node:child_process';
import { UsageError } from '../errors.js';
import { findControlCharacters } from '../util/control-characters.js';

/**
 * Who signs a decision: `--editor`, else PANEL_EDITOR, else git's user.name
 * in the project (the name the decision's commit will carry). Nobody is a
 * usage error: a decision without a name could not be traced.
 */
export async function editorName(flag: string | undefined, fromEnv: string | undefined, cwd: string, env: Record<string, string | undefined>): Promise<string> {
  const given = flag?.trim() || fromEnv?.trim() || (await gitUserName(cwd, env));
  if (!given) {
    throw new UsageError('Say who you are: every decision is signed. Give --editor "Your Name", set PANEL_EDITOR, or set git\'s user.name (`git config user.name "Your Name"`).');
  }
  if (findControlCharacters(given).length > 0 || given.length > 100) throw new UsageError('--editor must be a name: at most 100 characters, no control characters.');
  return given;
}

/** git's user.name, asked with the command's own environment (its HOME and git settings). */
function gitUserName(cwd: string, env: Record<string, string | undefined>): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 5000, env: env as NodeJS.ProcessEnv }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}
