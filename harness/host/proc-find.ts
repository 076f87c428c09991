// Finds the processes a config's `resources.also` names (issue 23: the database beside the server,
// whose CPU belongs in CPU per request): by process name, as `ps -C` does, or by a pid file and
// that process's descendants. Read from /proc again on every sample, so a restart is followed.
import fs from 'node:fs';
import path from 'node:path';
import type { AlsoProcess } from '../types.js';
import { treePids } from './proc-tree.js';

/** Pids whose name (/proc/PID/comm) or program (argv[0]'s basename) is `name`. */
export function pidsNamed(name: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === name || comm === name.slice(0, 15)) {
        out.push(Number(entry));
        continue;
      }
      const argv0 = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (argv0 !== '' && path.basename(argv0.split(' ')[0] as string) === name) out.push(Number(entry));
    } catch {
      // gone between readdir and read
    }
  }
  return out;
}

/** The pid on a pid file's first line (PostgreSQL's postmaster.pid, nginx.pid, …); null when unreadable. */
export function pidFromFile(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]?.trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Every pid the `also` entries name right now, without `exclude` (the server's own, the harness). */
export function alsoPids(also: AlsoProcess[], exclude: Set<number>): number[] {
  const pids = new Set<number>();
  for (const a of also) {
    if ('name' in a) for (const p of pidsNamed(a.name)) pids.add(p);
    else {
      const root = pidFromFile(a.pidFile);
      if (root !== null) for (const p of treePids(root)) pids.add(p);
    }
  }
  return [...pids].filter((p) => !exclude.has(p));
}

/** How the entries read, for the report: "postgres", "pgdata/postmaster.pid". */
export function alsoLabel(also: AlsoProcess[]): string {
  return also.map((a) => ('name' in a ? a.name : a.pidFile)).join(', ');
}
