export const MAIN_HELP = `panel: run an editorial review panel of LLM personas over AI tools

Usage: panel <command> [options]

Commands:
  review <tool...>     run the panel, write a run record, print the panel card
  compare <a> <b>      comparison page of two tools' latest runs (--format md|html|json, --out FILE)
  regen [tool...]      re-review what changed since each tool's last run; report verdict flips
  history <tool>       the tool's runs and how verdicts moved
  diff <runA> <runB>   two runs' verdicts and quotes side by side
  replay <run...>      re-parse and re-score recorded runs with today's code, no network (--all)
  show <tool|run>      render a recorded run (the latest by default), no calls
  batch status|collect pending provider batches from regen/review --batch
  check                validate config, tools, personas and run records, no calls
  tools                list the catalog
  personas             list the panel's personas

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

export const COMMAND_HELP: Record<string, string> = {
  review: `Usage: panel review <tool...> [options]

Runs every persona on each tool's panel (the tool file's \`panel:\` list, or all
personas), in parallel, validates each answer (re-asking once when it is not a
valid review), writes runs/<slug>/<runId>.json and prints the panel card.
<tool> is a slug in the catalog folder or a path to a tool file.

With no provider configured it replays the tool's latest recorded run and
writes nothing; --provider replay replays strictly, matching each request by
its hash and failing with what changed when no recording matches.

Options: --provider, --model, --concurrency, --json / --format text|md|html|json,
--out FILE, --fragment, --config,
  --resume        continue the interrupted run (checkpoint under runs/.work/)
  --max-cost USD  stop starting calls before spending more than USD
  --batch         submit as a provider batch instead, at half price (see panel batch)
Ends with the tokens and cost spent (prices.yaml).
Exit: 0 every persona reviewed; 1 a persona failed, a replay missed or a
budget stopped the run; 2 bad input.
`,
  compare: `Usage: panel compare <a> <b> [--format md|html|json] [--out FILE] [--fragment]

Renders the comparison page from the latest run of each tool: both cards,
the panel verdict, the reviewer scorecard, the pricing read, the reviewer
split and the community vote comparison. <a> and <b> are tool slugs, runIds
or paths to run records (to pin exactly what gets published). Calls no model.
Markdown goes to stdout by default; --fragment gives HTML without <html> and
<head>, its styles scoped, for pasting into a site's page.
`,
  show: `Usage: panel show <tool|run> [--format text|md|html|json] [--out FILE] [--fragment]

Renders a recorded run (a tool's latest, a runId, or a path) as the panel
card or page. Calls no model.
`,
  regen: `Usage: panel regen [tool...] [--dry-run] [--force] [--json]

Re-reviews only the (tool, persona) pairs whose inputs changed since the
tool's latest run (description, persona prompt, shared rules, provider,
model, parameters, review schema), that are new, or that failed last time;
every other review is carried into the new run as reusedFrom, at no cost. A
tool with nothing to do gets no new run. With no tool named, the whole
catalog. Ends with a table: tool, what changed, verdict flips, old → new
panel ship.

  --dry-run       list what would be re-reviewed and why, the number of calls
                  and an estimate of tokens and cost; no call, no file (works
                  without a provider)
  --force         re-review everything named
  --resume        continue an interrupted regen
  --max-cost USD  stop starting calls before spending more than USD
  --batch         submit as a provider batch instead, at half price (see panel batch)
`,
  history: `Usage: panel history <tool> [--json]

Every recorded run of the tool, oldest first: date, provider and model,
panel ship, each persona's verdict ("=" when carried over unchanged), the
verdict moves, and the tokens spent over all runs.
`,
  diff: `Usage: panel diff <runA> <runB> [--json]

Each persona's verdict and quote in two runs, side by side, with flips
marked. Runs are runIds, paths, or tool slugs (their latest run).
`,
  replay: `Usage: panel replay <run...> | --all [--json]

Re-parses every recorded raw response and re-aggregates with today's code,
with no network, and reports any difference from the recorded result. Exit 1
when anything differs: the regression check for parser, schema or aggregator
changes.
`,
  batch: `Usage: panel batch status | panel batch collect

Batches come from \`panel regen --batch\` or \`panel review <tool...> --batch\`,
which submit every pending request to the provider's batch API (Anthropic
Message Batches, or OpenAI files + Batch; half price) and return. status shows each batch's progress; collect, once they have
ended, writes the run records a live run would (errored, expired and canceled
entries become failed reviews that the next regen retries).
`,
  check: `Usage: panel check

Validates panel.config.yaml, every persona file, every tool file in the
catalog and every run record (old ones through their migration), with no
call, and lists every problem of every file at once: file, line and column
or field, and the fix. Exit 2 when anything is wrong.
`,
  tools: `Usage: panel tools [--json]

Lists the tools in the catalog folder (\`catalog:\` in panel.config.yaml), with
name, category, entry price, and whether a run is recorded.
`,
  personas: `Usage: panel personas [--json]

Lists the personas in the personas folder with the lens each reviews through.
`,
};
