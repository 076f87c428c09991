// Per-cell measurement hooks: the resource sampler and the validity rules. Injected into the run
// loop so that tests can replace them.
import { NOT_MEASURED } from './cell.js';
import type { LoadOutcome } from '../load/driver.js';
import { startSampler, type Sampler } from '../samplers/sampler.js';
import { alsoLabel, alsoPids } from '../host/proc-find.js';
import { groupPidsOf } from '../host/proc-tree.js';
import { checkValidity } from '../theory/validity.js';
import type { AlsoProcess, CellResult, ResolvedOptions, Resources, ScenarioDef, ValidityIssue } from '../types.js';

export interface Sampled {
  resources: Resources;
  /** Server pids seen during the cell that were not there at its start, or vanished (restarts). */
  pidsChanged: boolean;
  /** Which pids vanished and which appeared, for the worker-restarted message. */
  pidsVanished?: number[];
  pidsAppeared?: number[];
  /** Most processes the server's tree had at once; null when it was not sampled. */
  processes?: number | null;
  /** The config's resources.also, sampled over the same window: what they are, and their figures. */
  also?: AlsoSampled;
}

export interface AlsoSampled {
  label: string;
  resources: Resources;
  /** Most processes matched at once (0: none found, e.g. a wrong name or pid file). */
  processes: number;
}

export interface CellHooks {
  /** Starts sampling the server's process group once the warm-up is over; null pgid: not ours to sample. */
  startSampler(pgid: number | null, warmupS: number): { stop(): Sampled };
  validity(cell: CellResult, ctx: { scenario: ScenarioDef; outcome: LoadOutcome; sampled: Sampled }): ValidityIssue[];
}

function maxOf(xs: Array<number | null> | undefined): number | null {
  const v = (xs ?? []).filter((x): x is number => x !== null);
  return v.length > 0 ? Math.max(...v) : null;
}

export function cellHooks(opts: ResolvedOptions): CellHooks {
  // Cells run one at a time, so one sampler at a time: one still running when the next starts
  // was begun after its cell had ended (issue 16 item 5) and nobody will stop it.
  let last: Sampler | null = null;
  const also = opts.runLevel?.also ?? [];
  return {
    startSampler(pgid, warmupS) {
      const beside = also.length > 0 ? startAlsoSampler(also, pgid, opts.sampleIntervalMs, warmupS) : null;
      if (pgid === null) return { stop: () => ({ resources: NOT_MEASURED, pidsChanged: false, ...(beside ? { also: beside.stop() } : {}) }) };
      last?.stop();
      const s = startSampler({ pgid, intervalMs: opts.sampleIntervalMs, delayMs: warmupS * 1000 });
      last = s;
      return {
        stop() {
          const r = s.stop();
          if (last === s) last = null;
          return {
            ...(beside ? { also: beside.stop() } : {}),
            resources: { ...r.resources, samplerCpuPct: r.overheadCpuPct },
            pidsChanged: r.pidsChanged,
            pidsVanished: r.pidsVanished,
            pidsAppeared: r.pidsAppeared,
            processes: r.samples.length > 0 ? Math.max(...r.samples.map((x) => x.processes)) : null,
          };
        },
      };
    },
    validity(cell, { scenario, outcome, sampled }) {
      return checkValidity({
        rps: cell.rps,
        ceilingRps: cell.ceilingRps,
        p50Ms: cell.latencyMs?.p50 ?? null,
        meanMs: cell.latencyMs?.mean ?? null,
        floorMs: scenario.floorLatencyMs?.(cell.params, { model: cell.model }) ?? null,
        connections: cell.connections,
        counts: cell.requests,
        // Saturation is per generator worker: one worker at 100% limits its share of the load
        // even when the others are idle.
        loadGenCpuPct: maxOf(cell.loadgen?.cpuPct) ?? cell.loadGenCpuPct,
        loadGenEventLoopDelayP99Ms: maxOf(cell.loadgen?.eventLoopDelayP99Ms),
        unfinished: cell.unfinished,
        maxMs: cell.latencyMs?.max ?? null,
        connectionsOpened: cell.connectionsOpened,
        workers: cell.workers,
        workerPids: cell.workerPids,
        processes: sampled.processes ?? null,
        keepAlive: cell.keepAlive,
        connectionsByPid: cell.workerSplit?.connections ?? null,
        pidsChanged: sampled.pidsChanged,
        pidsVanished: sampled.pidsVanished,
        pidsAppeared: sampled.pidsAppeared,
        warmupCapped: outcome.warmupCapped,
        ...(cell.open ? { open: cell.open } : {}),
      });
    },
  };
}

/** The config's resources.also over the cell's window: never the server's own processes, nor the harness. */
function startAlsoSampler(also: AlsoProcess[], pgid: number | null, intervalMs: number, warmupS: number): { stop(): AlsoSampled } {
  const s = startSampler({
    pids: () => alsoPids(also, new Set([process.pid, ...(pgid === null ? [] : groupPidsOf(pgid))])),
    intervalMs,
    delayMs: warmupS * 1000,
  });
  return {
    stop() {
      const r = s.stop();
      return {
        label: alsoLabel(also),
        resources: { ...r.resources, samplerCpuPct: r.overheadCpuPct },
        processes: Math.max(0, ...r.samples.map((x) => x.processes)),
      };
    },
  };
}
