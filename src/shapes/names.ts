/**
 * The names panel turns into paths: a tool's slug (its catalog file, its runs
 * folder, its page) and a run id (its record's file name). Anything that
 * reads or writes by one of these checks it here first, so no name from a
 * URL, an argument or a record can lead outside the folders panel owns.
 */

/** Letters, digits, `.`, `_` and `-`, starting with a letter or digit: never `..`, never a slash. */
const SLUG = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** An ISO timestamp with colons made file-safe, then a short lowercase suffix. */
export const RUN_ID = /^\d{4}-\d\d-\d\dT[\d-]+(?:\.\d+)?Z-[0-9a-z]+$/;

export const isSlug = (s: string): boolean => SLUG.test(s) && s.length <= 200;
export const isRunId = (s: string): boolean => RUN_ID.test(s);
