// A ceiling for a scenario that waits on nothing (issue 23: CPU-bound apps declare no delay, so
// Little's law gave none and efficiency showed "–"): the server can serve at most the cores it may
// use ÷ the CPU one request costs, that cost measured at low load (the fewest connections this run
// measured for the same target × scenario × workers, where contention inflates it least). It is an
// estimate from a measurement, not a law: it is stated (ceilingBasis "cpu") and never trips the
// throughput-above-ceiling rule, since CPU per request falls as batching grows with load.
import os from 'node:os';
import type { CellResult, ResolvedOptions, TargetDef } from '../types.js';
import { efficiency } from '../theory/ceiling.js';

/** Cores the server's W workers may use at once: one per process (or per thread for sync-threads), within the CPUs it may run on. */
export function serverCores(target: TargetDef, cell: Pick<CellResult, 'workers' | 'threads'>, opts: Pick<ResolvedOptions, 'serverCpus'>): number {
  const cpus = opts.serverCpus?.length ?? os.availableParallelism?.() ?? os.cpus().length;
  if (cell.workers === null) return cpus;
  const perWorker = target.model === 'sync-threads' ? (cell.threads ?? target.threads ?? 1) : 1;
  return Math.max(1, Math.min(cpus, cell.workers * perWorker));
}

/** The cell whose CPU per request is the low-load one: the fewest connections among the same point's completed cells (this one included). */
function lowLoadCell(cell: CellResult, earlier: CellResult[]): CellResult | null {
  const same = [cell, ...earlier].filter(
    (c) =>
      c.target === cell.target &&
      c.scenario === cell.scenario &&
      c.workers === cell.workers &&
      c.status === 'completed' &&
      !c.open &&
      typeof c.cpuMsPerRequest === 'number' &&
      c.cpuMsPerRequest > 0,
  );
  return same.sort((a, b) => a.connections - b.connections)[0] ?? null;
}

/** The cell with a CPU ceiling and its efficiency, when theory gave it none and its CPU was measured; else as it was. */
export function withCpuCeiling(cell: CellResult, earlier: CellResult[], cores: number): CellResult {
  if (cell.ceilingRps !== null || cell.status !== 'completed' || cell.open) return cell;
  const low = lowLoadCell(cell, earlier);
  if (!low) return cell;
  const ceilingRps = (cores * 1000) / (low.cpuMsPerRequest as number);
  return {
    ...cell,
    ceilingRps,
    efficiency: efficiency(cell.rps, ceilingRps),
    ceilingBasis: 'cpu',
    cpuCeiling: { cores, cpuMsPerRequest: low.cpuMsPerRequest as number, fromConnections: low.connections },
  };
}
