export const MAIN_HELP = `panel: run an editorial review panel of LLM personas over AI tools

Usage: panel <command> [options]

Commands:
  review <tool...>     run the panel, write a run record, print the panel card
  tools                list the catalog
  personas             list the panel's personas

Options (every command):
  --provider NAME      anthropic | openai | replay (default: from the environment, see below)
  --model NAME         model for every persona (default: anthropic claude-haiku-5-5, openai gpt-5.4-mini)
  --concurrency N      calls in flight at once for the whole command (default 5)
  --json               JSON output (same as --format json)
  --format FORMAT      text | json
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

export const COMMAND_HELP: Record<string, string> = {
  review: `Usage: panel review <tool...> [options]

Runs every persona on each tool's panel (the tool file's \`panel:\` list, or all
personas), in parallel, validates each answer (re-asking once when it is not a
valid review), writes runs/<slug>/<runId>.json and prints the panel card.
<tool> is a slug in the catalog folder or a path to a tool file.

With no provider configured it replays the tool's latest recorded run and
writes nothing; --provider replay replays strictly, matching each request by
its hash and failing with what changed when no recording matches.

Options: --provider, --model, --concurrency, --json / --format text|json, --config
Exit: 0 every persona reviewed; 1 a persona failed or a replay missed; 2 bad input.
`,
  tools: `Usage: panel tools [--json]

Lists the tools in the catalog folder (\`catalog:\` in panel.config.yaml), with
name, category, entry price, and whether a run is recorded.
`,
  personas: `Usage: panel personas [--json]

Lists the personas in the personas folder with the lens each reviews through.
`,
};
