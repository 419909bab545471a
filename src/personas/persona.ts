import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { InputError, UsageError } from '../errors.js';
import { parseYamlWith, readUtf8 } from '../util/yaml-file.js';

/** Front matter of `personas/<id>.md`. */
const frontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes, like `builder`'),
  name: z.string().trim().min(1, 'must not be empty'),
  lens: z.string().trim().min(1, 'must not be empty'),
  /** The provider this persona runs on (`anthropic`, `openai`, or a name under `providers:`), beating the jury's. */
  provider: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*$/, 'must be a provider name, e.g. anthropic or openai')
    .optional(),
  model: z.string().trim().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
});

export interface Persona extends z.output<typeof frontMatterSchema> {
  /** The Markdown prompt body: the persona's lens, voice and what to write. */
  prompt: string;
  file: string;
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parsePersona(text: string, file: string, expectedId: string): Persona {
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    throw new InputError(file, [{ line: 1, message: 'has no front matter', fix: 'start the file with `---`, then id, name and lens, then `---`' }]);
  }
  const meta = parseYamlWith(match[1]!, frontMatterSchema, file, { lineOffset: 1 });
  const prompt = match[2]!.trim();
  const problems = [];
  if (meta.id !== expectedId) {
    problems.push({ field: 'id', line: 2, message: `is \`${meta.id}\` but the file is ${expectedId}.md`, fix: 'make them agree' });
  }
  if (prompt.length === 0) {
    problems.push({ message: 'has an empty prompt body', fix: 'write the persona prompt below the front matter' });
  }
  if (problems.length) throw new InputError(file, problems);
  return { ...meta, prompt, file };
}

/** Every persona in the folder, sorted by the order the seed uses, then by id. */
export async function loadPersonas(dir: string, cwd: string): Promise<Persona[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new UsageError(`The personas folder ${relative(cwd, dir) || dir} does not exist. Set \`personas:\` in panel.config.yaml.`);
  }
  const personas = await Promise.all(
    names
      .filter((n) => n.endsWith('.md') && !n.startsWith('.') && n.toLowerCase() !== 'readme.md')
      .map(async (n) => {
        const file = join(dir, n);
        const shown = relative(cwd, file) || file;
        return parsePersona(await readUtf8(file, shown), shown, n.slice(0, -3));
      }),
  );
  if (personas.length === 0) throw new UsageError(`No persona files (*.md) in ${relative(cwd, dir) || dir}.`);
  return personas.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

const SEED_ORDER = ['builder', 'skeptic', 'futurist', 'buyer', 'creator'];
function rank(id: string): number {
  const i = SEED_ORDER.indexOf(id);
  return i === -1 ? SEED_ORDER.length : i;
}
