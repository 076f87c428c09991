import fs from 'node:fs';
import path from 'node:path';
import { PID_FILE } from '../results/store.js';
import type { ChildGroup } from './children.js';

interface StaleEntry extends ChildGroup {
  harnessPid: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The leader's command line still matches what we started (a pid can be reused by another program). */
function sameCommand(pgid: number, command: string[]): boolean {
  try {
    const cmdline = fs.readFileSync(`/proc/${pgid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return cmdline.length > 0 && cmdline.join(' ') === command.join(' ');
  } catch {
    return false;
  }
}

/**
 * Servers left by a harness that was killed with SIGKILL: each run directory under `reportsDir`
 * holds servers.pid.json while servers run. When the harness that wrote it is dead, its server
 * groups are stopped (only if their command still matches) and the file removed.
 */
export function cleanStaleServers(reportsDir: string, log: (msg: string) => void): number {
  let stopped = 0;
  // Not a folder (or not there): nothing to clean; the run's own writability check reports the problem.
  if (!fs.existsSync(reportsDir) || !fs.statSync(reportsDir).isDirectory()) return 0;
  for (const entry of fs.readdirSync(reportsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(reportsDir, entry.name, PID_FILE);
    if (!fs.existsSync(file)) continue;
    let list: StaleEntry[];
    try {
      list = JSON.parse(fs.readFileSync(file, 'utf8')) as StaleEntry[];
    } catch {
      continue;
    }
    if (list.some((g) => alive(g.harnessPid) && g.harnessPid !== process.pid)) continue;
    for (const g of list) {
      if (!alive(g.pgid) || !sameCommand(g.pgid, g.command)) continue;
      try {
        process.kill(-g.pgid, 'SIGKILL');
        stopped++;
        log(`stopped ${g.label} (process group ${g.pgid}) left running by an earlier run that was killed (${path.join(reportsDir, entry.name)})`);
      } catch (e) {
        log(`could not stop process group ${g.pgid} (${g.label}) left by an earlier run: ${(e as Error).message}; stop it with: kill -TERM -${g.pgid}`);
      }
    }
    fs.rmSync(file, { force: true });
  }
  return stopped;
}
