import { buildToolPage } from '../../aggregate/card.js';
import { buildComparison } from '../../aggregate/comparison.js';
import { UsageError } from '../../errors.js';
import { renderPage } from '../../render/page.js';
import type { ParsedArgs } from '../args.js';
import { createContext } from '../context.js';
import type { Io } from '../io.js';
import { emit, pageOutput } from '../output.js';
import { panelFor, recordFor } from '../recorded.js';

/** `panel show <tool|run>`: render a recorded run (the tool's latest by default). No calls. */
export async function showCommand(args: ParsedArgs, io: Io): Promise<number> {
  const output = pageOutput(args, 'text', true);
  if (args.positionals.length !== 1) throw new UsageError('Name one tool or run: `panel show <tool|run>`.');
  const ctx = await createContext(args, io);
  const panel = await panelFor(ctx, await recordFor(ctx, args.positionals[0]!));
  await emit(io, renderPage(buildToolPage(panel), output.format, output), output.out);
  return 0;
}

/** `panel compare <a> <b>`: the comparison page from each tool's latest run (or the runs named). No calls. */
export async function compareCommand(args: ParsedArgs, io: Io): Promise<number> {
  const output = pageOutput(args, 'md', false);
  if (args.positionals.length !== 2) throw new UsageError('Name two tools or runs: `panel compare <a> <b>`.');
  const ctx = await createContext(args, io);
  const panels = [];
  for (const arg of args.positionals) panels.push(await panelFor(ctx, await recordFor(ctx, arg)));
  const [a, b] = panels;
  if (a!.tool.slug === b!.tool.slug && a!.run.runId === b!.run.runId) {
    throw new UsageError(`Both sides are the same run (${a!.run.runId}); compare two tools, or two runs of one tool.`);
  }
  await emit(io, renderPage(buildComparison(a!, b!), output.format, output), output.out);
  return 0;
}
