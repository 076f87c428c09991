// Every process group the harness starts is registered here, so that it dies with the harness:
// on success, on error, on SIGINT/SIGTERM/SIGHUP, and on a plain process.exit.
import fs from 'node:fs';
import path from 'node:path';
import { readStat } from './proc-tree.js';
import type { LaunchIdentity } from './identity.js';
import { ensureRegistryDir, liveRegistryDir } from './registry-dir.js';

/** The run directory's copy of the live registry: what the next run reads to stop servers a killed harness left. */
export const PID_FILE = 'servers.pid.json';

export interface ChildGroup {
  /** Process group id: the leader's pid (children are spawned detached, each in its own group). */
  pgid: number;
  label: string;
  command: string[];
  /**
   * What identifies the group after a crash, read at launch (stale.ts). Every group has one: a
   * later run kills no group without it (a pid reused since, issue 22 item 3). null when the
   * leader was gone before it could be read; older pid files lack the key.
   */
  identity: LaunchIdentity | null;
}

/** One line of servers.pid.json: a live group and the harness that owns it. */
export interface PidFileEntry extends ChildGroup {
  harnessPid: number;
  /** The harness's own start time, so a reused pid is not taken for a live harness. */
  harnessStartTicks?: number;
}

const groups = new Map<number, ChildGroup>();
let pidFile: string | null = null;

// A copy of each running harness's pid file, in one place per user, so a later run finds servers
// left by a SIGKILLed harness wherever its run directory was (issue 16). ASYNCBENCH_STATE_DIR moves it.
export { liveRegistryDir };

const ownStartTicks = readStat(process.pid)?.startTicks;
const registryFile = () => path.join(liveRegistryDir(), `${process.pid}-${ownStartTicks ?? 0}.json`);

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
  const list: PidFileEntry[] = [...groups.values()].map((g) => ({ ...g, harnessPid: process.pid, harnessStartTicks: ownStartTicks }));
  try {
    fs.writeFileSync(pidFile, JSON.stringify(list, null, 2));
  } catch {
    // The pid file is a safety net for a SIGKILLed harness; failing to write it must not stop a run.
  }
  try {
    if (list.length === 0) fs.rmSync(registryFile(), { force: true });
    // Never into a registry that is not ours alone (registry-dir.ts): the run refuses to start then.
    else if (ensureRegistryDir() !== null) fs.writeFileSync(registryFile(), JSON.stringify({ pidFile, groups: list }, null, 2), { mode: 0o600 });
  } catch {
    // the same safety net, one level up
  }
}

/** Where the live groups are written, so that a later run can clean up after a SIGKILLed harness. */
export function setPidFile(path: string | null): void {
  if (path === null && pidFile && groups.size === 0) {
    try {
      fs.rmSync(pidFile, { force: true });
    } catch {
      // A run directory that turned read-only keeps it; the run's own error says why (issue 22 item 6).
    }
  }
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
