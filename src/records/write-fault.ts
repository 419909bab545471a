/**
 * A seam for tests of a full or read-only disk: called before each write to
 * the runs folder (checkpoint lines and run records), it returns the error
 * the write should fail with, or nothing. Production code passes none.
 */
export type WriteFault = (path: string) => NodeJS.ErrnoException | undefined;

/** The errors that mean the runs folder cannot take writes now: stop buying answers that could not be kept. */
const WRITE_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'ENOTDIR', 'ENOENT']);

export function isWriteFailure(error: unknown): error is NodeJS.ErrnoException {
  return typeof error === 'object' && error !== null && WRITE_FAILURES.has((error as NodeJS.ErrnoException).code ?? '');
}
