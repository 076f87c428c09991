// The load engine's contract. An engine takes one cell's load plan (scenario, closed or open
// model, warm-up and window, checks) and returns the same facts whatever ran it: counts, exact µs
// histograms, per-response facts folded into the scenario's figures, held requests, and its own
// CPU per generator worker. The rest of the harness never knows which engine ran a cell; the cell
// only records its name. Engines: `undici` (the embedded default, harness/load/undici/) and
// `locust` (a master plus workers, harness/load/locust/).
import type { LatencyHistogram } from '../stats/histogram.js';
import type { EngineOptions, FigureSummary, FlagSpec, LoadModel, MessageSink, Params, RequestCounts, ScenarioDef } from '../types.js';

export type { ClosedLoad, LoadModel, OpenLoad } from '../types.js';

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
  /** A response header that names the server process that answered (a config target's pidHeader); undici reads it. */
  pidHeader?: string;
  /** Which engine runs the load; default `undici`. */
  engine?: string;
  /** Generator workers (processes), each with its share of the connections or rate. Default 1. */
  loadgenWorkers?: number;
  /** CPUs the generator workers are pinned to (sched_setaffinity); undefined: not pinned. */
  loadgenCpus?: number[];
  /** The selected engine's own options (EngineDescriptor.options), resolved; engines read theirs with their defaults. */
  engineOptions?: EngineOptions;
  /** --allow-remote: an engine may listen beyond loopback (e.g. the Locust master for remote workers). Default false. */
  allowRemote?: boolean;
  /** Where an engine tells the user what it is doing (e.g. the command remote workers must run). */
  messages?: MessageSink;
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
  /** Distributed engines: how far this worker's window was shifted into its own clock, ms (over 1 ms), else null. */
  clockCorrectionMs?: number | null;
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
  /** Verified responses per server pid, and connections per pid (by the pid that last answered each), where the server names its pid. */
  requestsByPid: Record<string, number>;
  connectionsByPid: Record<string, number>;
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

export type { EngineOptionValue, EngineOptions } from '../types.js';

/** What an engine can do; the option layer refuses a run that asks for more, before anything starts. */
export interface EngineSupports {
  /** Arrival rates (--rate, --slo): the open model, latency from the intended send time. */
  openModel: boolean;
  /** Scenarios whose check times each body piece as it arrives (ScenarioDef.bodyTiming: streaming). */
  bodyTiming: boolean;
}

/** The run options an engine's rules may depend on, besides its own. */
export interface EngineCheckContext {
  loadgenWorkers: number;
  loadgenCpus: number[] | null;
  allowRemote: boolean;
}

/**
 * An engine as the option layer and the run see it, without loading it: its id, its own options
 * (they join the one flag table), what it supports, its rules, and the engine itself on demand, so
 * a run never imports another engine's dependencies. The registry is harness/load/engines.ts.
 */
export interface EngineDescriptor {
  readonly id: string;
  /** One line for --help and --list. */
  readonly summary: string;
  readonly options: readonly FlagSpec[];
  readonly supports: EngineSupports;
  /** Problems with this engine's resolved options, every one at once, each starting with the flag it is about. */
  check(options: EngineOptions, ctx: EngineCheckContext): string[];
  /** Why this engine cannot run a scenario (besides what `supports` says), or null when it can. */
  scenarioSupport?(scenario: ScenarioDef): string | null;
  /** Versions of what the engine runs beyond this package (the Locust engine: locust, hdrhistogram), for provenance; null where missing. */
  versions?(): Record<string, string | null>;
  load(): Promise<Engine>;
}

export interface Engine {
  readonly id: string;
  run(spec: LoadSpec): Promise<LoadOutcome>;
}
