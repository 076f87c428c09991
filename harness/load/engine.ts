// The load engine's contract. An engine takes one cell's load plan (scenario, closed or open
// model, warm-up and window, checks) and returns the same facts whatever ran it: counts, exact µs
// histograms, per-response facts folded into the scenario's figures, held requests, and its own
// CPU per generator worker. The rest of the harness never knows which engine ran a cell; the cell
// only records its name. Engines: `undici` (the embedded default, harness/load/undici/) and
// `locust` (a master plus workers, harness/load/locust/).
import type { LatencyHistogram } from '../stats/histogram.js';
import type { FigureSummary, Params, RequestCounts, ScenarioDef } from '../types.js';

/** Closed: C connections, each sending its next request when the last answers. */
export interface ClosedLoad {
  model: 'closed';
  connections: number;
}

/**
 * Open: requests arrive at a fixed rate whatever the server does; latency counts from each
 * request's intended send time (coordinated-omission-correct, as wrk2 does).
 */
export interface OpenLoad {
  model: 'open';
  ratePerS: number;
  /** Most requests in flight at once; an arrival that finds this many is dropped and counted. */
  maxInflight: number;
}

export type LoadModel = ClosedLoad | OpenLoad;

export interface LoadSpec {
  baseUrl: string;
  scenario: ScenarioDef;
  params: Params;
  /** Closed-model connections; ignored when `load` is given. */
  connections: number;
  /** The load model; default closed with `connections`. */
  load?: LoadModel;
  warmupS: number;
  /** The measured window, seconds. The load runs until it has closed, however long the warm-up took. */
  durationS: number;
  timeoutS: number;
  /**
   * The warm-up lasts at least warmupS and until every connection has had an answer, so that a
   * queueing (sync) server is measured at steady state, but never longer than this.
   */
  maxWarmupS?: number;
  /** Which engine runs the load; default `undici`. */
  engine?: string;
  /** Generator workers (processes), each with its share of the connections or rate. Default 1. */
  loadgenWorkers?: number;
  /** CPUs the generator workers are pinned to (sched_setaffinity); undefined: not pinned. */
  loadgenCpus?: number[];
  /** The locust engine's master and remote workers (harness/load/locust/). */
  locust?: LocustOptions;
  signal?: AbortSignal;
  /** Called when the measurement window opens (resources are sampled over the window only). */
  onWindowOpen?(): void;
  /** Called about once a second with progress inside the measurement window. */
  onTick?(t: { elapsedS: number; totalS: number; ok: number; failed: number }): void;
}

/** One generator worker's own cost over the window. */
export interface LoadgenWorkerFacts {
  /** CPU of this worker over the window, % of one core. */
  cpuPct: number | null;
  /** Event-loop delay p99 over the window, ms (a starved or saturated generator shows here first). */
  eventLoopDelayP99Ms: number | null;
  /** Host the worker ran on (os.hostname()), for distributed engines. */
  host: string;
  requests: number;
  /** The CPUs this worker was allowed to run on, as its own /proc/self/status said (Cpus_allowed_list). */
  cpusAllowed: number[] | null;
  pid: number;
}

export interface LoadOutcome {
  engine: string;
  counts: RequestCounts;
  latency: LatencyHistogram;
  /** Measured window actually covered, seconds (shorter than asked only when aborted). */
  windowS: number;
  serverMs: LatencyHistogram;
  queueMsMean: number | null;
  pids: Set<number>;
  /** Peak connections open at once during the window. */
  connectionsOpenPeak: number;
  /** false when the server closed connections after responses (e.g. gunicorn sync workers). */
  keepAlive: boolean | null;
  /** Requests the server held at once, reconstructed from serverMs. */
  heldPeak: number;
  heldMean: number;
  /** The scenario's own figures (ScenarioDef.figures), merged across workers. */
  figures: Record<string, FigureSummary>;
  /** Requests still in flight when the window closed, and the age of the oldest, ms. */
  unfinished: number;
  unfinishedOldestMs: number | null;
  /** Open model only: arrivals not sent because maxInflight were in flight, and sends that left late. */
  dropped: number;
  lateSends: number;
  /** Open model: arrivals the schedule put inside the window (sent or dropped); null for the closed model or an engine that cannot say. */
  arrivals: number | null;
  /** p50 of the verified latencies arriving in each third of the window; null when the engine kept no thirds. */
  latencyP50ByThirdMs: Array<number | null> | null;
  /** Generator CPU over the window, % of one core, summed over workers. */
  loadGenCpuPct: number | null;
  loadgenWorkers: LoadgenWorkerFacts[];
  loadgenCpus: number[] | null;
  aborted: boolean;
  /** Warm-up actually used, seconds, and whether it hit maxWarmupS before every connection was answered. */
  warmupS: number;
  warmupCapped: boolean;
  /** A few verification failures, for the error message and the report. */
  failureExamples: string[];
}

/** How the locust engine finds its workers: local ones it starts (loadgenWorkers) plus remote ones that connect. */
export interface LocustOptions {
  remoteWorkers: number;
  /** HOST:PORT the master listens on; null: 127.0.0.1 on a free port (5557 when remote workers are expected). */
  masterBind: string | null;
  workersTimeoutS: number;
  allowRemote: boolean;
  /** Where the worker command and the wait for workers are told. */
  onInfo?(message: string): void;
}

export interface Engine {
  readonly id: string;
  run(spec: LoadSpec): Promise<LoadOutcome>;
}
