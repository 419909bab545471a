/**
 * A temporary copy of the project's inputs (config, catalog, personas, the
 * seed runs) so tests can change files and write runs without touching the
 * repo's own `runs/`.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Workspace {
  dir: string;
  runs: string;
  catalog: string;
  personas: string;
  /** An empty folder for ANTHROPIC_CONFIG_DIR, so the SDK finds no stored credentials. */
  sdkConfigDir: string;
  write(relativePath: string, text: string): Promise<string>;
  remove(): Promise<void>;
}

export async function makeWorkspace(options: { withSeedRuns?: boolean } = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'panel-test-'));
  await cp(join(ROOT, 'fixtures/tools'), join(dir, 'fixtures/tools'), { recursive: true });
  await cp(join(ROOT, 'personas'), join(dir, 'personas'), { recursive: true });
  await cp(join(ROOT, 'panel.config.yaml'), join(dir, 'panel.config.yaml'));
  if (options.withSeedRuns) {
    for (const slug of ['smolvlm2', 'karpathy-skills']) {
      await cp(join(ROOT, 'runs', slug), join(dir, 'runs', slug), { recursive: true });
    }
  }
  const sdkConfigDir = join(dir, '.sdk-config');
  await mkdir(sdkConfigDir);
  return {
    dir,
    runs: join(dir, 'runs'),
    catalog: join(dir, 'fixtures/tools'),
    personas: join(dir, 'personas'),
    sdkConfigDir,
    async write(relativePath, text) {
      const path = join(dir, relativePath);
      await writeFile(path, text);
      return path;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
