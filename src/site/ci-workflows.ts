/**
 * `panel init --ci github`: two GitHub Actions workflows for an editor's site
 * repository. Only GitHub's own actions (checkout, setup-node, the Pages
 * upload and deploy) and the GitHub CLI preinstalled on the runner; the API
 * keys come from the repository's secrets and nothing else.
 */

/** The editor's pinned panel, installed as the site's lockfile says: the first steps of both workflows. */
const INSTALL_STEPS = `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
`;

/** Weekly and on demand: watch the sources, regen, and propose the new runs as a pull request whose description is the regen table. */
export const WEEKLY_WORKFLOW = `# panel: each week, ask every tool's source what changed, re-review what did,
# and open a pull request with the new runs; the description is regen's table.
# Secrets to set (Settings → Secrets and variables → Actions):
#   ANTHROPIC_API_KEY (or OPENAI_API_KEY, whichever your panel runs on)
name: panel weekly verdicts
on:
  schedule:
    - cron: "0 6 * * 1"
  workflow_dispatch:
permissions:
  contents: write
  pull-requests: write
jobs:
  regen:
    runs-on: ubuntu-latest
    steps:
${INSTALL_STEPS}      - name: Watch the sources
        run: npx panel watch
        continue-on-error: true
        env:
          GITHUB_TOKEN: \${{ github.token }}
      - name: Re-review what changed
        run: npx panel regen > regen.txt
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
      - name: Propose the new runs
        run: |
          if [ -z "$(git status --porcelain runs)" ]; then echo "Nothing changed this week."; exit 0; fi
          branch="panel/verdicts-$(date -u +%Y-%m-%d)"
          git config user.name "panel"
          git config user.email "panel@users.noreply.github.com"
          git switch -c "$branch"
          git add runs
          git commit -m "Weekly verdicts: panel watch and panel regen"
          git push origin "$branch"
          gh pr create --title "Weekly verdicts $(date -u +%Y-%m-%d)" --body-file regen.txt
        env:
          GH_TOKEN: \${{ github.token }}
`;

/** On every push to main: publish the site to GitHub Pages (approved runs only, with approval: required). */
export const PUBLISH_WORKFLOW = `# panel: publish the site to GitHub Pages from main.
# Settings → Pages → Source: GitHub Actions.
name: panel publish
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  publish:
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: \${{ steps.deploy.outputs.page_url }}
    steps:
${INSTALL_STEPS}      - run: npx panel publish --out public
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public
      - id: deploy
        uses: actions/deploy-pages@v4
`;
