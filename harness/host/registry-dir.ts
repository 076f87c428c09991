// The per-user registry of live harnesses (stale.ts reads it after a SIGKILL) sits in a shared
// temp folder by default, so another local user could create it first and fill it with JSON that
// makes our cleanup delete any file or kill any process group (issue 22 item 2). It is created
// 0700, and used only while it is a real folder owned by us that no one else may write to.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchError, ExitCode } from '../errors.js';

const myUid = (): number => (typeof process.getuid === 'function' ? process.getuid() : 0);

/** The folder that holds the registry: ASYNCBENCH_STATE_DIR, or $TMPDIR/asyncbench-<uid>. */
export function stateDir(): string {
  return process.env.ASYNCBENCH_STATE_DIR ?? path.join(os.tmpdir(), `asyncbench-${myUid()}`);
}

/** A copy of each running harness's pid file, in one place per user (issue 16). */
export function liveRegistryDir(): string {
  return path.join(stateDir(), 'live');
}

/** Why `dir` must not be trusted (lstat: a symlink is refused, not followed); null when it is ours alone. */
export function unsafeDirReason(dir: string, uid = myUid()): string | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dir);
  } catch {
    return null; // absent: we create it
  }
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isDirectory()) return 'it is not a folder';
  if (st.uid !== uid) return `it belongs to uid ${st.uid}, not to you (uid ${uid})`;
  if ((st.mode & 0o022) !== 0) return `others may write to it (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
  return null;
}

function unsafe(dir: string, why: string): BenchError {
  return new BenchError('unsafe-state-dir', `refusing the registry of running servers at ${dir}: ${why}`, {
    hint: `another user may have created it to make asyncbench delete files or stop processes; remove it if it is yours to remove (or ask root), or set ASYNCBENCH_STATE_DIR to a folder of your own`,
    exitCode: ExitCode.environment,
  });
}

/** Throws (exit 3) when the state folder or the registry in it is not ours alone; creates neither. */
export function assertRegistrySafe(): void {
  for (const dir of [stateDir(), liveRegistryDir()]) {
    const why = unsafeDirReason(dir);
    if (why) throw unsafe(dir, why);
  }
}

/** The registry folder, created 0700 (and checked) when missing; null when it is not safe to use. */
export function ensureRegistryDir(): string | null {
  const base = stateDir();
  const live = liveRegistryDir();
  try {
    if (!fs.existsSync(path.dirname(base))) fs.mkdirSync(path.dirname(base), { recursive: true, mode: 0o700 });
    for (const dir of [base, live]) {
      try {
        fs.mkdirSync(dir, { mode: 0o700 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      if (unsafeDirReason(dir) !== null) return null;
    }
  } catch {
    return null;
  }
  return live;
}

/** A file in the registry or a run folder we may read, write or delete: a regular file of ours. */
export function isOwnFile(file: string, uid = myUid()): boolean {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() && st.uid === uid;
  } catch {
    return false;
  }
}
