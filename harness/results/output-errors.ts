// What a failed write of the user's output means, said once for every writer (the run's store, the
// report, compare, publish, soak, micro): a full disk, a folder that turned read-only or vanished
// mid-run is the machine's state, not a bug in asyncbench, so it becomes a coded error (exit 3)
// naming the path instead of a stack trace (issue 22 items 5 and 6).
import { BenchError, ExitCode } from '../errors.js';

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const REFUSED = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EIO', 'EISDIR']);

/** The errno code of a Node fs error, if it has one. */
function errnoOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as NodeJS.ErrnoException).code === 'string' ? (e as NodeJS.ErrnoException).code : undefined;
}

/** True for an error that says the output cannot be written (full, read-only, gone), whatever wraps it. */
export function isOutputError(e: unknown): boolean {
  if (e instanceof BenchError) return e.code === 'disk-full' || e.code === 'output-not-writable';
  const code = errnoOf(e);
  return code !== undefined && (FULL.has(code) || REFUSED.has(code));
}

/**
 * `e`, raised while writing `file`, as the user should read it: "disk full" or "cannot write" with
 * the path (exit 3). Anything else (a bug) is returned unchanged, so its stack is still printed.
 */
export function outputError(file: string, e: unknown, keep = 'the files already written are kept'): unknown {
  if (e instanceof BenchError) return e;
  const code = errnoOf(e);
  if (code !== undefined && FULL.has(code)) {
    return new BenchError('disk-full', `disk full: could not write ${file}`, {
      hint: `free space on that disk (or choose another --out); ${keep}`,
      exitCode: ExitCode.environment,
    });
  }
  if (code !== undefined && REFUSED.has(code)) {
    return new BenchError('output-not-writable', `cannot write ${file}: ${(e as Error).message}`, {
      hint: `the output folder became read-only, was removed or is not yours: fix it (or choose another --out); ${keep}`,
      exitCode: ExitCode.environment,
    });
  }
  return e;
}
