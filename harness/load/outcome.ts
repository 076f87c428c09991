// Every engine's workers report the same facts (a tally on the wire, their own cost, unfinished
// requests); this turns them into the one LoadOutcome the rest of the harness reads, merging the
// tallies exactly. The undici and Locust engines both end here, so their cells cannot differ in form.
import type { LoadgenWorkerFacts, LoadOutcome, LoadSpec } from './engine.js';
import { peakOfSum, type LevelPeaksWire } from './level-peaks.js';
import { Tally, figureSpecsOf, type TallyWire } from './tally.js';

/** What one generator worker reports when its window has closed. */
export interface WorkerReport {
  tally: TallyWire;
  facts: LoadgenWorkerFacts;
  /** The worker's own peak; `connectionsOpen` (per time bucket) lets the workers' levels add up instant by instant. */
  connectionsOpenPeak: number;
  connectionsOpen?: LevelPeaksWire | null;
  /** In flight at the window's end, and the oldest one's age. */
  unfinished: number;
  unfinishedOldestMs: number | null;
  dropped?: number;
  lateSends?: number;
  /** Open model: arrivals its schedule put in the window. */
  arrivals?: number | null;
}

/** Peak connections open at once over all workers: of the sum when every worker kept its level per bucket, else (Locust) the sum of their peaks. */
function connectionsPeak(reports: WorkerReport[]): number {
  const wires = reports.map((r) => r.connectionsOpen);
  const exact = wires.every((w): w is LevelPeaksWire => !!w) ? peakOfSum(wires) : null;
  return exact ?? reports.reduce((a, r) => a + r.connectionsOpenPeak, 0);
}

export interface WindowFacts {
  engine: string;
  t0: number;
  windowStart: number;
  /** Where the window actually ended (earlier than planned when aborted). */
  windowEnd: number;
  /** The window the workers counted against. */
  plannedEnd: number;
  aborted: boolean;
  warmupCapped: boolean;
  cpus: number[] | null;
}

export function mergeOutcome(spec: LoadSpec, reports: WorkerReport[], w: WindowFacts): LoadOutcome {
  // Workers counted against the planned window; an abort only shortens the span divided by.
  const tally = new Tally(w.windowStart, w.plannedEnd, figureSpecsOf(spec.scenario));
  for (const r of reports) tally.mergeWire(r.tally);
  const held = tally.held.result(w.windowEnd);
  const cpuParts = reports.map((r) => r.facts.cpuPct);
  const oldest = reports.map((r) => r.unfinishedOldestMs).filter((x): x is number => x !== null);
  const sum = (f: (r: WorkerReport) => number) => reports.reduce((a, r) => a + f(r), 0);
  return {
    engine: w.engine,
    counts: tally.counts,
    latency: tally.latency,
    windowS: Math.max(0, (w.windowEnd - w.windowStart) / 1000),
    serverMs: tally.serverMs,
    queueMsMean: tally.queueMsMean,
    pids: tally.pids,
    requestsByPid: tally.requestsPerPid(),
    connectionsByPid: tally.connectionsByPid(),
    connectionsOpenPeak: connectionsPeak(reports),
    keepAlive: tally.keepAlive,
    heldPeak: held.peak,
    heldMean: held.mean,
    figures: tally.figures(),
    unfinished: sum((r) => r.unfinished),
    unfinishedOldestMs: oldest.length > 0 ? Math.max(...oldest) : null,
    dropped: sum((r) => r.dropped ?? 0),
    lateSends: sum((r) => r.lateSends ?? 0),
    arrivals: reports.length > 0 && reports.every((r) => typeof r.arrivals === 'number') ? sum((r) => r.arrivals as number) : null,
    latencyP50ByThirdMs: reports.length > 0 ? tally.latencyP50ByThirdMs() : null,
    loadGenCpuPct: cpuParts.every((c) => c === null) ? null : cpuParts.reduce<number>((a, c) => a + (c ?? 0), 0),
    loadgenWorkers: reports.map((r) => r.facts),
    loadgenCpus: w.cpus,
    aborted: w.aborted,
    warmupS: Math.max(0, (Math.min(w.windowStart, w.windowEnd) - w.t0) / 1000),
    warmupCapped: w.warmupCapped,
    failureExamples: tally.failureExamples,
  };
}
