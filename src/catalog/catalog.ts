import { readdir } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { didYouMean } from '../util/suggest.js';
import { parseYamlWith, readUtf8 } from '../util/yaml-file.js';
import { MAX_DESCRIPTION_CHARS, toolFileSchema, type Tool } from './tool-schema.js';

/** The tool schema, plus: every persona named in `panel:` exists. */
function toolSchemaFor(personaIds: readonly string[]) {
  return toolFileSchema.superRefine((tool, ctx) => {
    tool.panel?.forEach((id, i) => {
      if (!personaIds.includes(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['panel', i],
          message: `unknown persona \`${id}\`${didYouMean(id, personaIds)}; the panel has ${personaIds.join(', ')}`,
        });
      }
    });
  });
}

const TOOL_EXT = /\.ya?ml$/;

/** Slugs in the catalog folder, sorted. */
export async function listSlugs(catalogDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(catalogDir);
  } catch {
    throw new UsageError(`The catalog folder ${catalogDir} does not exist. Set \`catalog:\` in panel.config.yaml.`);
  }
  const slugs = names.filter((n) => TOOL_EXT.test(n) && !n.startsWith('.')).map((n) => n.replace(TOOL_EXT, ''));
  const seen = new Set<string>();
  for (const slug of slugs) {
    if (seen.has(slug)) {
      throw new InputError(join(catalogDir, slug), [
        { message: `both ${slug}.yaml and ${slug}.yml exist`, fix: 'keep one file per slug' },
      ]);
    }
    seen.add(slug);
  }
  return slugs.sort();
}

/**
 * Resolve a tool argument: a slug in the catalog, or a path to a tool file
 * (anything with a slash or a .yaml ending).
 */
export async function loadTool(
  arg: string,
  catalogDir: string,
  cwd: string,
  personaIds: readonly string[],
): Promise<Tool> {
  const looksLikePath = arg.includes('/') || TOOL_EXT.test(arg);
  if (looksLikePath) {
    const file = resolve(cwd, arg);
    return readTool(file, basename(file, extname(file)), relative(cwd, file) || file, personaIds);
  }
  const slugs = await listSlugs(catalogDir);
  if (!slugs.includes(arg)) {
    throw new UsageError(
      `Unknown tool \`${arg}\`${didYouMean(arg, slugs)}: no ${arg}.yaml in ${relative(cwd, catalogDir) || '.'}/. ` +
        '`panel tools` lists the catalog.',
    );
  }
  const names = await readdir(catalogDir);
  const name = names.find((n) => n === `${arg}.yaml`) ?? `${arg}.yml`;
  const file = join(catalogDir, name);
  return readTool(file, arg, relative(cwd, file) || file, personaIds);
}

export async function readTool(
  file: string,
  slug: string,
  shownAs: string,
  personaIds: readonly string[],
): Promise<Tool> {
  const text = await readUtf8(file, shownAs);
  const data = parseYamlWith(text, toolSchemaFor(personaIds), shownAs, {
    fixes: (issue) => {
      const field = issue.path.join('.');
      if (field === 'description' && issue.code === 'too_big') return `shorten it to ${MAX_DESCRIPTION_CHARS} characters or fewer`;
      if (field === 'description') return 'write what the tool is and does, in a few sentences (`description: |` then the text)';
      if (field.startsWith('pricing')) return 'give `pricing: { entry: Free }` or the lowest paid price, e.g. `$20/mo`';
      if (field.startsWith('panel')) return 'list persona ids, e.g. `panel: [builder, skeptic]`, or leave `panel` out';
      if (field.startsWith('community')) return 'give reader votes as `community: { ship: 12, skip: 3 }`';
      return undefined;
    },
  });
  return { ...data, slug, file };
}
