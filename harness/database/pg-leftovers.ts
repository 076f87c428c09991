// The folders of throwaway PostgreSQL clusters whose harness was SIGKILLed: the stale-server
// cleanup (launcher/stale.ts) stops the postmaster from the registry, and the next cluster
// removes what it left on disk. A folder is found by its name in the temp folder, never from a
// registry's JSON, and removed only when it is ours (not a link) and its harness is gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readStat } from '../host/proc-tree.js';

const PREFIX = 'asyncbench-pg-';
const NAME = /^asyncbench-pg-(\d+)-(\d+)-[A-Za-z0-9]{6}$/;

/** mkdtemp's prefix for this harness's cluster: its pid and start time say whose it is. */
export function clusterDirPrefix(): string {
  return `${PREFIX}${process.pid}-${readStat(process.pid)?.startTicks ?? 0}-`;
}

/** Removes the cluster folders of harnesses that are no longer running; returns how many. */
export function removeLeftoverClusters(tmp = os.tmpdir()): number {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  let removed = 0;
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const stat = readStat(Number(m[1]));
    if (stat && stat.state !== 'Z' && stat.startTicks === Number(m[2])) continue; // its harness still runs
    const dir = path.join(tmp, name);
    try {
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || st.uid !== uid) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed++;
    } catch {
      // another run removed it first, or it is not ours to remove
    }
  }
  return removed;
}
