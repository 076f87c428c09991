// Samples a server's process tree (master and workers) every intervalMs from /proc: CPU (user +
// system), RSS (sum and per process), threads and open fds. Membership is re-read every tick, so a
// restarted worker shows up as pids that vanished or appeared. The sampler times its own ticks so
// its cost can be stated next to the figures it produced.
import type { Resources } from '../types.js';
import { clockTicksPerS, groupPidsOf, readProc, treePids } from '../host/proc-tree.js';

export type SamplerTarget =
  /** The root and all its descendants, found again every tick. */
  | { rootPid: number }
  /** Every member of a process group (a launched server's master and workers). */
  | { pgid: number }
  /** A fixed list, or a function called every tick. */
  | { pids: number[] | (() => number[]) };

export type SamplerOptions = SamplerTarget & {
  /** Default 250 ms. */
  intervalMs?: number;
  /** Wait this long before the first tick (e.g. until a warm-up is over). */
  delayMs?: number;
};

/** One tick's figures summed over the tree. cpuPct is null on the first tick (no interval yet). */
export interface TickSample {
  /** ms since the sampler started. */
  atMs: number;
  cpuPct: number | null;
  rssMiB: number;
  threads: number;
  fds: number;
  processes: number;
}

export interface SamplerReport {
  /** Matches the Resources of a cell; samplerCpuPct is the sampler's own cost. */
  resources: Resources;
  samples: TickSample[];
  /** Per-process peak RSS, MiB, keyed by pid (also in resources.rssPerProcessMiB). */
  rssPeakPerPidMiB: Record<string, number>;
  /** Every pid seen at any tick, sorted. */
  pidsSeen: number[];
  /** Pids present at the first tick and missing at a later one. */
  pidsVanished: number[];
  /** Pids absent at the first tick and present at a later one. */
  pidsAppeared: number[];
  /** Either list is non-empty: a worker restarted (or the tree changed shape). */
  pidsChanged: boolean;
  /** The sampler's own CPU: % of one core over its lifetime, and ms of CPU per tick. */
  overheadCpuPct: number;
  overheadMsPerTick: number;
}

export interface Sampler {
  /** Takes a final tick, stops the timer and summarises. Safe to call again: the same report. */
  stop(): SamplerReport;
}

// Samplers whose timer still runs. A sampler nobody stops (one begun after its cell ended) must
// not tick forever: its timers are unref'd, it stops ticking once what it samples has gone, and
// the run hooks stop it when the next one starts.
const ticking = new Set<object>();
/** How many samplers still have a live timer; 0 once every cell's sampler is stopped or done. */
export function activeSamplers(): number {
  return ticking.size;
}

const MiB = 2 ** 20;
const r1 = (x: number) => Math.round(x * 10) / 10;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const peak = (xs: number[]) => (xs.length ? xs.reduce((a, b) => Math.max(a, b), -Infinity) : null);
const nullable = (x: number | null, f: (v: number) => number = r1) => (x === null ? null : f(x));

function membersOf(t: SamplerTarget): () => number[] {
  if ('rootPid' in t) return () => treePids(t.rootPid);
  if ('pgid' in t) return () => groupPidsOf(t.pgid);
  const p = t.pids;
  return typeof p === 'function' ? p : () => p;
}

/** What the ticks so far have seen of a process set: per-tick sums, peaks, and which pids came and went. */
class Readings {
  readonly samples: TickSample[] = [];
  private readonly peakRss = new Map<number, number>();
  private readonly seen = new Set<number>();
  private readonly vanished = new Set<number>();
  private first: Set<number> | null = null;
  private prevTicks = new Map<number, number>();
  private prevAt = 0;
  /** The sampler's own CPU, µs. */
  ownUs = 0;

  constructor(
    private readonly started: number,
    private readonly hz: number,
  ) {}

  /** Reads every member once; returns how many were alive. */
  tick(members: number[]): number {
    const before = process.cpuUsage();
    const now = performance.now();
    const ticks = new Map<number, number>();
    const sum = { dTicks: 0, rss: 0, threads: 0, fds: 0 };
    for (const pid of members) {
      const p = readProc(pid);
      if (!p) continue;
      ticks.set(pid, p.cpuTicks);
      // Only a process seen at both ends of the interval counts, so an exit is not negative CPU.
      const last = this.prevTicks.get(pid);
      if (last !== undefined) sum.dTicks += p.cpuTicks - last;
      sum.rss += p.rssBytes;
      sum.threads += p.threads;
      sum.fds += p.fds;
      this.peakRss.set(pid, Math.max(this.peakRss.get(pid) ?? 0, p.rssBytes));
      this.seen.add(pid);
    }
    if (this.first === null) this.first = new Set(ticks.keys());
    else for (const pid of this.first) if (!ticks.has(pid)) this.vanished.add(pid);
    const cpuPct = this.samples.length > 0 ? (sum.dTicks / this.hz / ((now - this.prevAt) / 1000)) * 100 : null;
    this.samples.push({ atMs: now - this.started, cpuPct, rssMiB: sum.rss / MiB, threads: sum.threads, fds: sum.fds, processes: ticks.size });
    this.prevTicks = ticks;
    this.prevAt = now;
    const used = process.cpuUsage(before);
    this.ownUs += used.user + used.system;
    return ticks.size;
  }

  report(spanS: number): SamplerReport {
    const samples = this.samples;
    const cpu = samples.flatMap((s) => (s.cpuPct === null ? [] : [s.cpuPct]));
    const rss = samples.map((s) => s.rssMiB);
    const perPid = Object.fromEntries([...this.peakRss].map(([pid, b]) => [String(pid), r1(b / MiB)]));
    const first = this.first;
    const appeared = [...this.seen].filter((p) => first !== null && !first.has(p)).sort((a, b) => a - b);
    const overheadCpuPct = spanS > 0 ? Math.round((this.ownUs / 1e6 / spanS) * 1e4) / 100 : 0;
    return {
      resources: {
        cpuPct: nullable(mean(cpu)),
        cpuPeakPct: nullable(peak(cpu)),
        rssMiB: nullable(mean(rss)),
        rssPeakMiB: nullable(peak(rss)),
        rssPerProcessMiB: perPid,
        threads: peak(samples.map((s) => s.threads)),
        fds: peak(samples.map((s) => s.fds)),
        samples: samples.length,
        samplerCpuPct: overheadCpuPct,
      },
      samples,
      rssPeakPerPidMiB: perPid,
      pidsSeen: [...this.seen].sort((a, b) => a - b),
      pidsVanished: [...this.vanished].sort((a, b) => a - b),
      pidsAppeared: appeared,
      pidsChanged: this.vanished.size > 0 || appeared.length > 0,
      overheadCpuPct,
      overheadMsPerTick: samples.length ? Math.round((this.ownUs / 1000 / samples.length) * 1000) / 1000 : 0,
    };
  }
}

export function startSampler(opts: SamplerOptions): Sampler {
  const intervalMs = opts.intervalMs ?? 250;
  const delayMs = opts.delayMs ?? 0;
  const members = membersOf(opts);
  const started = performance.now();
  const readings = new Readings(started, clockTicksPerS());
  const handle = {};
  let timer: NodeJS.Timeout | null = null;
  const halt = () => {
    clearTimeout(begin);
    if (timer) clearInterval(timer);
    timer = null;
    ticking.delete(handle);
  };
  const tick = () => {
    const alive = readings.tick(members());
    // Nothing left to sample (the server was stopped): the figures so far are all there will be.
    if (alive === 0) halt();
    return alive;
  };
  const begin = setTimeout(() => {
    if (tick() > 0 && ticking.has(handle)) timer = setInterval(tick, intervalMs).unref();
  }, delayMs).unref();
  ticking.add(handle);
  let report: SamplerReport | null = null;
  return {
    stop() {
      if (report) return report;
      const live = ticking.has(handle);
      halt();
      if (live && readings.samples.length > 0) tick();
      report = readings.report(Math.max(0, performance.now() - started - delayMs) / 1000);
      return report;
    },
  };
}
