import { COMMANDS } from './commands/index.js';

/** `panel --help`: the command list comes from the commands' own declarations. */
export function mainHelp(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length)) + 2;
  const list = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(width)}${c.summary}`);
  return `panel: run an editorial review panel of LLM personas over AI tools

Usage: panel <command> [options]

Commands:
${list.join('\n')}

Options (every command):
  --provider NAME      anthropic | openai | replay (default: from the environment, see below)
  --model NAME         model for every persona (default: anthropic claude-haiku-5-5, openai gpt-5.4-mini)
  --concurrency N      calls in flight at once for the whole command (default 5)
  --json               JSON output (same as --format json)
  --format FORMAT      text | md | html | json, where the command renders a page
  --config FILE        config file (default: panel.config.yaml in this folder or above)
  --debug              show stack traces
  -h, --help           help for panel or for one command
  -V, --version        print the version

Provider: ANTHROPIC_API_KEY set means anthropic; OPENAI_API_KEY or OPENAI_BASE_URL
set means openai (any OpenAI-compatible server); with neither, a tool's latest
recorded run is replayed offline and stderr says so. ANTHROPIC_BASE_URL and
OPENAI_BASE_URL are honoured. PANEL_PROVIDER, PANEL_MODEL, PANEL_CONCURRENCY and
PANEL_CONFIG override panel.config.yaml; flags override both.

Exit codes: 0 done, 1 the work failed (a persona failed, a replay missed),
2 the command was wrong (bad flag, unknown tool, invalid file), 130 interrupted.
`;
}
