/** What the CLI needs from its process, passed in so tests call it with arrays and read strings back. */
export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** Seams for time and ids (a run id's random suffix), so records are byte-stable in tests. */
  now?: () => Date;
  newId?: () => string;
  /** Tests of a full or read-only disk: fail writes to the runs folder (runs/write-fault.ts). */
  writeFault?: (path: string) => NodeJS.ErrnoException | undefined;
  /** Injected into the SDK clients (tests, `panel/testing`); defaults to global fetch. */
  fetch?: typeof fetch;
}
