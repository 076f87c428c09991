// Every process group the harness starts is registered here, so that it dies with the harness:
// on success, on error, on SIGINT/SIGTERM/SIGHUP, and on a plain process.exit.
import fs from 'node:fs';

export interface ChildGroup {
  /** Process group id: the leader's pid (children are spawned detached, each in its own group). */
  pgid: number;
  label: string;
  command: string[];
}

const groups = new Map<number, ChildGroup>();
let pidFile: string | null = null;

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function writePidFile(): void {
  if (!pidFile) return;
  try {
    const list = [...groups.values()].map((g) => ({ ...g, harnessPid: process.pid }));
    fs.writeFileSync(pidFile, JSON.stringify(list, null, 2));
  } catch {
    // The pid file is a safety net for a SIGKILLed harness; failing to write it must not stop a run.
  }
}

/** Where the live groups are written, so that a later run can clean up after a SIGKILLed harness. */
export function setPidFile(path: string | null): void {
  if (path === null && pidFile && groups.size === 0) fs.rmSync(pidFile, { force: true });
  pidFile = path;
  writePidFile();
}

export function registerGroup(g: ChildGroup): void {
  groups.set(g.pgid, g);
  writePidFile();
}

export function unregisterGroup(pgid: number): void {
  groups.delete(pgid);
  writePidFile();
}

export function liveGroups(): ChildGroup[] {
  return [...groups.values()];
}

/** SIGTERM the group, then SIGKILL once it outlives its grace period. Resolves when it is gone. */
export async function stopGroup(pgid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  try {
    process.kill(-pgid, signal);
  } catch {
    unregisterGroup(pgid);
    return;
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
    const killDeadline = Date.now() + 2000;
    while (groupAlive(pgid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 25));
  }
  unregisterGroup(pgid);
}

/** Synchronous last resort, safe inside an 'exit' handler: SIGKILL every registered group. */
export function killAllNow(): void {
  for (const g of groups.values()) {
    try {
      process.kill(-g.pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
  writePidFile();
}

export async function stopAll(graceMs = 5000): Promise<void> {
  await Promise.all([...groups.values()].map((g) => stopGroup(g.pgid, 'SIGTERM', graceMs)));
}

let exitHookInstalled = false;
/** Whatever else happens, no registered group outlives the harness process. */
export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllNow);
}
