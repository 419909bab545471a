import { readdir } from 'node:fs/promises';
import type { CatalogIndex } from './catalog-index.js';
import { basename, extname, join, relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { isSlug } from '../shapes/names.js';
import { didYouMean } from '../util/suggest.js';
import { parseYamlWith, readUtf8 } from '../util/yaml-file.js';
import { MAX_DESCRIPTION_CHARS, toolFileSchema, type Tool } from '../shapes/tool.js';

/**
 * The tool schema, plus: every persona named in `panel:` exists. Built once
 * per persona set: zod compiles a schema on its first parse, and a catalog of
 * hundreds of tools would otherwise pay that once per file.
 */
function toolSchemaFor(personaIds: readonly string[]) {
  const key = personaIds.join('\0');
  let schema = schemas.get(key);
  if (!schema) schemas.set(key, (schema = buildToolSchema(personaIds)));
  return schema;
}
const schemas = new Map<string, ReturnType<typeof buildToolSchema>>();

function buildToolSchema(personaIds: readonly string[]) {
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

/** A tool argument names a file (a slash or a .yaml ending) rather than a slug in the catalog. */
export function isToolPath(arg: string): boolean {
  return arg.includes('/') || TOOL_EXT.test(arg);
}

/** The catalog folder, listed once: slug → file name. Loading many tools reads the folder once, not once per tool. */
export class Catalog {
  private constructor(
    readonly dir: string,
    private readonly files: ReadonlyMap<string, string>,
  ) {}

  static async open(dir: string): Promise<Catalog> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new UsageError(`The catalog folder ${dir} does not exist. Set \`catalog:\` in panel.config.yaml.`);
      // Never read as an empty catalog: a folder panel cannot list is the user's to fix, not a reason to plan nothing (or everything).
      throw new UsageError(
        `panel cannot read the catalog folder ${dir} (${code === 'ENOTDIR' ? 'it is a file, not a folder' : `${code ?? 'error'}: it cannot be listed`}). Fix it, or set \`catalog:\` in panel.config.yaml.`,
      );
    }
    const files = new Map<string, string>();
    for (const name of names.filter((n) => TOOL_EXT.test(n) && !n.startsWith('.')).sort()) {
      const slug = name.replace(TOOL_EXT, '');
      if (files.has(slug)) {
        throw new InputError(join(dir, slug), [{ message: `both ${slug}.yaml and ${slug}.yml exist`, fix: 'keep one file per slug' }]);
      }
      files.set(slug, name);
    }
    return new Catalog(dir, files);
  }

  /** Slugs, sorted. */
  get slugs(): string[] {
    return [...this.files.keys()];
  }

  /** A tool by slug, or by a path to a tool file (anything with a slash or a .yaml ending). */
  async load(arg: string, cwd: string, personaIds: readonly string[], index?: CatalogIndex): Promise<Tool> {
    if (isToolPath(arg)) return loadToolFile(arg, cwd, personaIds);
    const name = this.files.get(arg);
    if (name === undefined) {
      throw new UsageError(`Unknown tool \`${arg}\`${didYouMean(arg, this.slugs)}: no ${arg}.yaml in ${relative(cwd, this.dir) || '.'}/. ` + '`panel tools` lists the catalog.');
    }
    const file = join(this.dir, name);
    const parse = () => readTool(file, arg, relative(cwd, file) || file, personaIds);
    return index ? index.load(arg, file, parse) : parse();
  }
}

/** Slugs in the catalog folder, sorted. */
export async function listSlugs(catalogDir: string): Promise<string[]> {
  return (await Catalog.open(catalogDir)).slugs;
}

/** One tool: a slug in the catalog folder, or a path to a tool file. */
export async function loadTool(arg: string, catalogDir: string, cwd: string, personaIds: readonly string[]): Promise<Tool> {
  if (isToolPath(arg)) return loadToolFile(arg, cwd, personaIds);
  return (await Catalog.open(catalogDir)).load(arg, cwd, personaIds);
}

function loadToolFile(arg: string, cwd: string, personaIds: readonly string[]): Promise<Tool> {
  const file = resolve(cwd, arg);
  return readTool(file, basename(file, extname(file)), relative(cwd, file) || file, personaIds);
}

export async function readTool(file: string, slug: string, shownAs: string, personaIds: readonly string[]): Promise<Tool> {
  if (!isSlug(slug)) {
    const suggested =
      slug
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[-._]+|[-._]+$/g, '') || 'my-tool';
    throw new InputError(shownAs, [
      {
        message: `the file name gives the slug \`${slug}\`, and a slug (the tool's runs folder and page name) may hold only letters, digits, \`.\`, \`_\` and \`-\``,
        fix: `rename the file to ${suggested}.yaml`,
      },
    ]);
  }
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
