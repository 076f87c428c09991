// Servers a killed harness left behind (its pid files, and the per-user registry of live runs) are
// found and stopped before a new run starts, and only when their identity proves they are ours.
import fs from 'node:fs';
import path from 'node:path';
import { PID_FILE, liveGroups, type PidFileEntry } from '../host/children.js';
import { readStat, scanGroup } from '../host/proc-tree.js';
import { assertRegistrySafe, isOwnFile, liveRegistryDir } from '../host/registry-dir.js';
import { bootId, runsScript } from '../host/identity.js';

/** A pid file found on disk, and the registry copy that points at it (removed together). */
interface Found {
  where: string;
  files: string[];
  list: PidFileEntry[];
}

/** The process `pid` is alive and, when its start time was recorded, is still that process. */
function harnessAlive(pid: number, startTicks: number | undefined): boolean {
  const s = readStat(pid);
  if (!s || s.state === 'Z') return false;
  return startTicks === undefined || s.startTicks === startTicks;
}

/**
 * Live members of the group we launched, or [] when none is left (or the pids now belong to
 * someone else). While the leader lives, its pgid, session and start time must be the ones read
 * at launch. Without a leader (it died, its workers did not), a pgid cannot be reused while any
 * member still holds it, so members that lead-session-match and run the same script are ours.
 * A group without an identity (older pid files) is never ours to kill: its pid may have been
 * reused by an unrelated process that runs the same interpreter (issue 22 item 3).
 */
export function staleMembers(g: PidFileEntry): number[] {
  const id = g.identity;
  if (!id) return [];
  if (id.bootId && id.bootId !== bootId()) return []; // rebooted: nothing of that run is alive
  const leader = readStat(g.pgid);
  const script = id.script;
  if (leader && leader.state !== 'Z') {
    if (leader.pgid !== g.pgid || leader.startTicks !== id.startTicks || leader.sid !== id.sid) return [];
    return scanGroup(g.pgid);
  }
  if (!script) return [];
  const members = scanGroup(g.pgid).filter((pid) => {
    const s = readStat(pid);
    return s !== null && s.sid === id.sid && s.startTicks >= id.startTicks;
  });
  return members.some((pid) => runsScript(pid, script)) ? members : [];
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Pid files in the run folders beside the new run (regular files of ours only), and every harness's copy in the registry. */
function findPidFiles(reportsDir: string): Found[] {
  const found = new Map<string, Found>();
  if (fs.existsSync(reportsDir) && fs.statSync(reportsDir).isDirectory()) {
    for (const entry of fs.readdirSync(reportsDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const file = path.join(reportsDir, entry.name, PID_FILE);
      const list = isOwnFile(file) ? readJson<PidFileEntry[]>(file) : null;
      if (Array.isArray(list)) found.set(file, { where: path.dirname(file), files: [file], list });
    }
  }
  // Throws (exit 3) when someone else made or may write the registry: its JSON is not to be trusted.
  assertRegistrySafe();
  const registry = liveRegistryDir();
  const names = fs.existsSync(registry) ? fs.readdirSync(registry).filter((n) => n.endsWith('.json')) : [];
  for (const name of names) {
    const file = path.join(registry, name);
    const copy = isOwnFile(file) ? readJson<{ pidFile: string; groups: PidFileEntry[] }>(file) : null;
    if (!copy || !Array.isArray(copy.groups) || typeof copy.pidFile !== 'string') continue;
    // The copy names its run's pid file; nothing else is ever deleted on its word.
    const pidFile = path.basename(copy.pidFile) === PID_FILE && path.isAbsolute(copy.pidFile) ? copy.pidFile : null;
    const prev = pidFile ? found.get(pidFile) : undefined;
    if (prev) prev.files.push(file);
    else
      found.set(pidFile ?? file, { where: path.dirname(pidFile ?? file), files: pidFile && isOwnFile(pidFile) ? [pidFile, file] : [file], list: copy.groups });
  }
  return [...found.values()];
}

/** Blocks up to `ms` until the group has no live member, so its port is free before we launch. */
function waitGone(pgid: number, ms: number): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + ms;
  while (scanGroup(pgid).length > 0) {
    if (Date.now() > deadline) return false;
    Atomics.wait(pause, 0, 0, 25);
  }
  return true;
}

/**
 * Servers left by a harness that was killed with SIGKILL. While servers run, each harness keeps
 * servers.pid.json in its run directory and a copy in liveRegistryDir(). When the harness that
 * wrote one is dead, every group in it that is still the group it launched is killed, named, and
 * the files removed. Returns how many groups were stopped.
 */
export function cleanStaleServers(reportsDir: string, log: (msg: string) => void): number {
  let stopped = 0;
  const ours = new Set(liveGroups().map((g) => g.pgid));
  for (const f of findPidFiles(reportsDir)) {
    if (f.list.some((g) => harnessAlive(g.harnessPid, g.harnessStartTicks) && g.harnessPid !== process.pid)) continue;
    // Our own live file (a second run in this process while the first still has servers): keep it.
    if (f.list.some((g) => g.harnessPid === process.pid && ours.has(g.pgid))) continue;
    for (const g of f.list) {
      if (ours.has(g.pgid)) continue;
      const members = staleMembers(g);
      if (members.length === 0) continue;
      try {
        process.kill(-g.pgid, 'SIGKILL');
      } catch (e) {
        log(`could not stop process group ${g.pgid} (${g.label}) left by an earlier run: ${(e as Error).message}; stop it with: kill -TERM -${g.pgid}`);
        continue;
      }
      stopped++;
      const gone = waitGone(g.pgid, 3000) ? '' : '; some of its processes are still exiting';
      log(`stopped ${g.label} (process group ${g.pgid}) left running by an earlier run that was killed (${f.where}); pids ${members.join(', ')}${gone}`);
    }
    for (const file of f.files) fs.rmSync(file, { force: true });
  }
  return stopped;
}
