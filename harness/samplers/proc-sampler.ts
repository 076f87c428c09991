// The sampler under the names the run loop already imports (run-hooks.ts). New callers should use
// startSampler from sampler.js, which also reports pids seen, vanished and appeared.
import { startSampler, type Sampler, type SamplerReport } from './sampler.js';

export { readProc, type ProcReading } from './proc-tree.js';

/** Kept for run-hooks.ts: resources, pidsChanged and overheadCpuPct are all in SamplerReport. */
export type SamplerResult = SamplerReport;

export function startProcSampler(opts: { pids: () => number[]; intervalMs: number; delayMs?: number }): Sampler {
  return startSampler(opts);
}

/** A sampler over a launched server's process group (master and workers). */
export function sampleGroup(pgid: number, intervalMs: number, delayMs: number): Sampler {
  return startSampler({ pgid, intervalMs, delayMs });
}
