// Samples a server's whole process tree (its process group: master and workers together) from
// /proc: CPU (user + system), RSS (sum and per process), threads and open file descriptors. The
// group's member list is refreshed once a second; each tick reads only the known pids, which keeps
// sampling cheap, and the sampler measures its own CPU so its cost can be stated.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { groupPids } from '../launcher/group-pids.js';
import type { Resources } from '../types.js';

function sysconf(name: string, fallback: number): number {
  try {
    return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
  } catch {
    return fallback;
  }
}
const CLK_TCK = sysconf('CLK_TCK', 100);
const PAGE_BYTES = sysconf('PAGESIZE', 4096);

export interface ProcReading {
  cpuTicks: number;
  rssBytes: number;
  threads: number;
  fds: number;
}

/** One process's figures, or null when it has exited. */
export function readProc(pid: number): ProcReading | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const statm = fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    let fds = 0;
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      // not ours to read
    }
    return { cpuTicks: Number(f[11]) + Number(f[12]), rssBytes: Number(statm[1]) * PAGE_BYTES, threads: Number(f[17]), fds };
  } catch {
    return null;
  }
}

export interface SamplerResult {
  resources: Resources;
  /** Pids that left or joined the group after the first sample: a restarted worker. */
  pidsChanged: boolean;
  /** The sampler's own CPU use, % of one core. */
  overheadCpuPct: number;
}

const MiB = 2 ** 20;

export function startProcSampler(opts: { pids: () => number[]; intervalMs: number; delayMs?: number }): { stop(): SamplerResult } {
  let members: number[] = [];
  let firstMembers: Set<number> | null = null;
  let changed = false;
  let prev = new Map<number, number>();
  let prevT = 0;
  let ticks = 0;
  const cpu: number[] = [];
  const rss: number[] = [];
  const threads: number[] = [];
  const fds: number[] = [];
  const perPidPeak = new Map<number, number>();
  let ownCpuUs = 0;
  const started = performance.now();

  const tick = () => {
    const before = process.cpuUsage();
    if (ticks % Math.max(1, Math.round(1000 / opts.intervalMs)) === 0) {
      members = opts.pids();
      if (!firstMembers) firstMembers = new Set(members);
      else if (members.length !== firstMembers.size || members.some((p) => !firstMembers?.has(p))) changed = true;
    }
    ticks++;
    const now = performance.now();
    const cur = new Map<number, number>();
    let r = 0;
    let th = 0;
    let fd = 0;
    let dTicks = 0;
    for (const pid of members) {
      const p = readProc(pid);
      if (!p) {
        changed = true;
        continue;
      }
      cur.set(pid, p.cpuTicks);
      // Only processes seen at both ends of the interval count, so an exit is not negative CPU.
      const last = prev.get(pid);
      if (last !== undefined) dTicks += p.cpuTicks - last;
      r += p.rssBytes;
      th += p.threads;
      fd += p.fds;
      perPidPeak.set(pid, Math.max(perPidPeak.get(pid) ?? 0, p.rssBytes));
    }
    if (prevT > 0) cpu.push(((dTicks / CLK_TCK) / ((now - prevT) / 1000)) * 100);
    prev = cur;
    prevT = now;
    rss.push(r);
    threads.push(th);
    fds.push(fd);
    const used = process.cpuUsage(before);
    ownCpuUs += used.user + used.system;
  };

  let timer: NodeJS.Timeout | null = null;
  const begin = setTimeout(() => {
    tick();
    timer = setInterval(tick, opts.intervalMs);
  }, opts.delayMs ?? 0);

  return {
    stop() {
      clearTimeout(begin);
      if (timer) clearInterval(timer);
      if (ticks > 0) tick();
      const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
      const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);
      const round = (x: number | null, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
      const spanS = (performance.now() - started - (opts.delayMs ?? 0)) / 1000;
      return {
        resources: {
          cpuPct: round(mean(cpu)),
          cpuPeakPct: round(max(cpu)),
          rssMiB: round(mean(rss) === null ? null : (mean(rss) as number) / MiB),
          rssPeakMiB: round(max(rss) === null ? null : (max(rss) as number) / MiB),
          rssPerProcessMiB: Object.fromEntries([...perPidPeak].map(([pid, b]) => [String(pid), Math.round((b / MiB) * 10) / 10])),
          threads: max(threads),
          fds: max(fds),
          samples: ticks,
        },
        pidsChanged: changed,
        overheadCpuPct: spanS > 0 ? round((ownCpuUs / 1e6 / spanS) * 100, 2) ?? 0 : 0,
      };
    },
  };
}

/** A sampler over a launched server's process group. */
export function sampleGroup(pgid: number, intervalMs: number, delayMs: number): { stop(): SamplerResult } {
  return startProcSampler({ pids: () => groupPids(pgid), intervalMs, delayMs });
}
