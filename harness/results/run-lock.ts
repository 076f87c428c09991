// One harness per run directory. `--resume` of a run that was still going once ran the same cells
// from two processes against one server (issue 22 item 8); a lock file in the run directory names
// its owner by pid, start time, boot and host, so a live owner is refused by name while the lock a
// SIGKILLed harness left behind is taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchError, ExitCode } from '../errors.js';
import { bootId } from '../host/identity.js';
import { readStat } from '../host/proc-tree.js';
import { outputError } from './output-errors.js';

export const LOCK_FILE = 'run.lock';

export interface LockOwner {
  pid: number;
  /** /proc/<pid>/stat start time: a reused pid is not the owner. */
  startTicks: number | null;
  bootId: string | null;
  host: string;
  since: string;
}

export function ownLock(): LockOwner {
  return { pid: process.pid, startTicks: readStat(process.pid)?.startTicks ?? null, bootId: bootId(), host: os.hostname(), since: new Date().toISOString() };
}

/** Whether the process that wrote `o` still runs (another host's cannot be checked: assumed to). */
export function ownerAlive(o: LockOwner): boolean {
  if (o.host !== os.hostname()) return true;
  if (o.bootId && o.bootId !== bootId()) return false;
  const s = readStat(o.pid);
  return s !== null && s.state !== 'Z' && (o.startTicks === null || s.startTicks === o.startTicks);
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? o : null;
  } catch {
    return null;
  }
}

/** Throws (exit 3) when a live harness other than this one holds `dir`; takes nothing. */
export function assertRunDirFree(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  const owner = readOwner(file);
  const me = ownLock();
  const mine = owner?.pid === me.pid && owner.host === me.host && owner.startTicks === me.startTicks;
  if (owner && !mine && ownerAlive(owner)) throw inUse(dir, file, owner);
}

/**
 * Takes the run directory for this process, or throws (exit 3) naming the live harness that holds
 * it. Returns the release, also run on a plain process exit.
 */
export function lockRunDir(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const me = ownLock();
  // Two harnesses that both find a stale lock both remove it; only one creates the next.
  for (let attempt = 0; !created(file, me); attempt++) {
    assertRunDirFree(dir);
    if (attempt === 2)
      throw new BenchError('run-in-progress', `${file} keeps coming back: another asyncbench is starting in ${dir}`, { exitCode: ExitCode.environment });
    // Left by a harness that is gone (or by an earlier run in this process): ours now.
    fs.rmSync(file, { force: true });
  }
  const release = () => {
    if (readOwner(file)?.pid === me.pid) fs.rmSync(file, { force: true });
  };
  const onExit = () => {
    try {
      release();
    } catch {
      // exiting anyway
    }
  };
  process.once('exit', onExit);
  return () => {
    process.removeListener('exit', onExit);
    onExit();
  };
}

/** Creates the lock file; false when one exists. */
function created(file: string, me: LockOwner): boolean {
  try {
    fs.writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw outputError(file, e);
  }
}

function inUse(dir: string, file: string, o: LockOwner): BenchError {
  const where = o.host === os.hostname() ? `pid ${o.pid}` : `pid ${o.pid} on ${o.host}`;
  return new BenchError('run-in-progress', `${dir} is being run by another asyncbench (${where}, since ${o.since})`, {
    hint: `wait for it to finish, or stop it (Ctrl-C there, or kill -INT ${o.pid}) and then --resume; if that run is gone, delete ${file}`,
    exitCode: ExitCode.environment,
  });
}
