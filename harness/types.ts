// Every public type of asyncbench lives here, so the contract users script against has one home.
// Units live in field names (Ms, Rps, MiB, Pct, S).

/** How a server runs requests concurrently; decides its Little's-law ceiling. */
export type ConcurrencyModel = 'async' | 'sync-process' | 'sync-threads';

export interface TargetReadiness {
  /** Path that must answer 200 before the target counts as ready. */
  path: string;
  timeoutMs: number;
}

export interface TargetStop {
  signal: 'SIGTERM' | 'SIGINT' | 'SIGQUIT';
  /** After this long the whole process group gets SIGKILL. */
  graceMs: number;
}

/**
 * A target: one way of serving one app. Built-in targets and user config targets share this form.
 * `command` is an argv array; `{port}`, `{workers}` and `{threads}` are substituted per launch.
 */
export interface LaunchedTargetDef {
  kind: 'launch';
  name: string;
  description: string;
  command: string[];
  /** Absolute, or relative to the project root (built-in) or the config file (user). */
  cwd?: string;
  env?: Record<string, string>;
  readiness: TargetReadiness;
  stop: TargetStop;
  model: ConcurrencyModel;
  /** Threads per worker; only meaningful for `sync-threads`. */
  threads?: number;
  /**
   * Per-worker cap on requests of a scenario that can make progress at once, where something
   * other than the model limits it: e.g. node-async's SQLite thread pool, or a psycopg pool's size.
   * (Django's async ORM is not one: under ASGI each request gets a thread of its own for
   * `thread_sensitive` work, see servers/targets/django.ts.) Keyed by scenario id.
   */
  perWorkerLimit?: Record<string, number>;
  /** Why each limit exists; shown in the report next to the ceiling. */
  limitNotes?: Record<string, string>;
  /** What a reader of this target's resources should know (e.g. where its threads come from); shown in the report. */
  notes?: string[];
  /** Commands run once, before the first launch (migrations, seeding). argv arrays. */
  setup?: string[][];
  /** Scenario ids this target serves; undefined means all built-in ones. */
  scenarios?: string[];
  /** Labels for the report: which family and role (async or its sync counterpart). */
  family?: string;
  views?: 'async' | 'sync';
  /** Set by the loader: where the definition came from (built-in or a config path). */
  source?: string;
}

/** A server that is already running; nothing is launched, and the worker sweep is skipped. */
export interface RunningTargetDef {
  kind: 'url';
  name: string;
  description: string;
  url: string;
  model?: ConcurrencyModel;
  threads?: number;
  readiness: TargetReadiness;
  scenarios?: string[];
  family?: string;
  views?: 'async' | 'sync';
  source?: string;
}

export type TargetDef = LaunchedTargetDef | RunningTargetDef;

/**
 * What the harness asks of a family of built-in targets (servers/targets/<family>.ts declares it,
 * servers/targets/families.ts lists it), so that no generic module names a family.
 */
export interface TargetFamily {
  id: string;
  /** Connections per worker in the family's own DB pool for --db postgres-pool. */
  dbPoolPerWorker?: number;
  /** --db postgres | postgres-pool: the environment the family's targets need, and their definitions for it. */
  useDatabase?(databaseUrl: string, pool: number, targets: LaunchedTargetDef[]): { env: Record<string, string>; targets: LaunchedTargetDef[] };
  /** Versions of the stack its servers run, for provenance; null where a package is not installed. */
  versions?(): Record<string, string | null>;
  /**
   * What a launch (server start to /health 200, plus its stop) and the family's setup commands
   * cost, in seconds, for the run's estimate (harness/estimate.ts); measured on the project's machine.
   */
  costs?: { launchS: number; setupS: number };
}

export type ParamValue = number | string | boolean;
export type Params = Record<string, ParamValue>;

export interface ParamSpec {
  default: ParamValue;
  unit?: string;
  description: string;
  min?: number;
  max?: number;
  /** For a string parameter: the values it may take (checked with the options, before any server starts). */
  choices?: readonly string[];
}

/** One HTTP request a scenario sends; the per-connection `state` given to `request()` survives between requests. */
export interface ScenarioRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface CheckOk {
  ok: true;
  /**
   * Facts the harness aggregates. `serverMs` (handler time: held requests, queueing) and `pid`
   * (distinct workers) are read by the harness itself; every fact named in the scenario's
   * `figures` is folded into that figure (an array records one value per element).
   */
  facts?: Record<string, number | number[] | null>;
}
export interface CheckFail {
  ok: false;
  reason: string;
}
export type CheckResult = CheckOk | CheckFail;

/** When a response's parts arrived, for scenarios whose figures depend on it (streaming). */
export interface ResponseTiming {
  /** Epoch ms the request was sent (open model: its intended send time). */
  sentAtMs: number;
  /** ms after sentAtMs: when the status line and headers arrived, and when the body completed. */
  headersMs: number;
  doneMs: number;
  /** Body pieces as they arrived, [ms after sentAtMs, body bytes so far]; only when the scenario sets `bodyTiming`. */
  pieces?: Array<[number, number]>;
}

/** A figure a scenario adds to each cell, aggregated from its checks' facts of the same name. */
export interface FigureSpec {
  /** histogram: values merged exactly across generator workers, summarised as percentiles; sum: added up. */
  kind: 'histogram' | 'sum';
  title: string;
  unit: 'ms' | 'requests' | 'events' | 'bytes';
  description: string;
}

export type FigureSummary =
  { kind: 'histogram'; count: number; p50: number; p90: number; p99: number; max: number; mean: number } | { kind: 'sum'; total: number };

export interface CeilingContext {
  connections: number;
  /** Requests that can make progress at once across all workers (model and limits applied). */
  slots: number;
  params: Params;
  /** The target's model, view style and workers, for scenarios whose per-request time depends on them (upstream: calls together or one after another). */
  model?: ConcurrencyModel | null;
  views?: 'async' | 'sync' | null;
  workers?: number | null;
}

/** What a latency floor may depend on besides the parameters. */
export interface FloorContext {
  model?: ConcurrencyModel | null;
}

export interface ScenarioDef {
  id: string;
  title: string;
  /** One paragraph shown in the report. */
  explanation: string;
  params: Record<string, ParamSpec>;
  /** The request for a connection; `state` is that connection's own, kept across requests. */
  request(params: Params, state: Record<string, unknown>): ScenarioRequest;
  /**
   * Checks one response; called on every response during measurement. `timing` is given under
   * load (verification before the load has none).
   */
  check(status: number, body: string, params: Params, state: Record<string, unknown>, timing?: ResponseTiming): CheckResult;
  /** Figures of this scenario's own, built from the facts its check returns (e.g. long-poll delivery lag). */
  figures?: Record<string, FigureSpec>;
  /** The check needs `timing.pieces` (when each body piece arrived): streaming scenarios. */
  bodyTiming?: boolean;
  /**
   * The scenario under the locust engine: Python that defines `request(params, state)` returning
   * (method, path, headers, body) and `check(status, body, params, state, timing)` returning
   * (ok, reason, facts), with harness/load/locust/runtime.py in scope. Built-in sleep, db and
   * longpoll and config scenarios need none; any other scenario without it is refused by that engine.
   */
  locustCheck?: string;
  /**
   * Services the harness must run for this scenario, once per run, before any target starts:
   * `upstream` is an HTTP server on loopback whose URL targets get as ASYNCBENCH_UPSTREAM_URL
   * (harness/launcher/upstream.ts).
   */
  needs?: { upstream?: boolean };
  /** Target families that serve this scenario (e.g. ['django']); undefined: every target. */
  families?: string[];
  /** false: run only when asked for (--scenarios); the default suite leaves it out. */
  defaultSuite?: boolean;
  /** Minimum latency a correct server can show, in ms; undefined when there is none. */
  floorLatencyMs?(params: Params, ctx?: FloorContext): number | undefined;
  /**
   * When completions come in bursts (long-poll: every connection answers at each event), the
   * measured window is rounded down to a whole number of this period, so that any window holds
   * exactly k bursts whatever its phase; otherwise a short window over-counts by up to one burst.
   */
  windowQuantumMs?(params: Params): number | undefined;
  /** Little's-law ceiling in requests per second; undefined when theory gives none. */
  ceilingRps?(ctx: CeilingContext): number | undefined;
  source?: string;
  /**
   * How a generator in another process rebuilds this scenario: a built-in's id, the config JSON it
   * was parsed from, or a module (relative to the project root) and export that define it. A
   * scenario with no origin runs in-process only.
   */
  origin?: { kind: 'builtin'; id: string } | { kind: 'config'; raw: unknown; source: string } | { kind: 'module'; file: string; exportName: string };
}

/** The matrix coordinates of one measurement. */
export interface CellKey {
  target: string;
  scenario: string;
  /** null for an already-running server whose workers are unknown. */
  workers: number | null;
  connections: number;
  repeat: number;
}

export interface LatencyMs {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  min: number;
  mean: number;
  stdev: number;
}

export interface RequestCounts {
  /** 2xx responses that passed verification: the only ones throughput counts. */
  ok: number;
  non2xx: number;
  timeouts: number;
  connErrors: number;
  verifyFailed: number;
}

export interface Resources {
  /** Mean CPU of the server's whole process tree, % of one core (200 = both cores of this machine). */
  cpuPct: number | null;
  cpuPeakPct: number | null;
  rssMiB: number | null;
  rssPeakMiB: number | null;
  /** Per-process peak RSS, MiB, keyed by pid. */
  rssPerProcessMiB?: Record<string, number>;
  threads: number | null;
  fds: number | null;
  samples: number;
  /** What sampling itself cost, % of one core. */
  samplerCpuPct?: number;
}

export interface ValidityIssue {
  /** Stable code for scripts, e.g. `latency-below-delay`. */
  code: string;
  /** A sentence with the figures, e.g. "p50 41.2 ms is below the injected delay of 100 ms". */
  message: string;
  /** warning: shown but does not invalidate the cell; error: the cell is invalid. */
  severity: 'warning' | 'error';
}

export interface LongpollFacts {
  deliveryLagMs: { p50: number; p99: number; max: number; mean: number } | null;
  missedEvents: number;
  timedOut: number;
  /** Requests held by the server at once, reconstructed from serverMs. */
  heldPeak: number;
  heldMean: number;
}

export type CellStatus = 'completed' | 'errored' | 'aborted';

export interface CellResult extends CellKey {
  status: CellStatus;
  threads: number | null;
  params: Params;
  model: ConcurrencyModel | null;
  rps: number;
  latencyMs: LatencyMs | null;
  /** Percentile curve for distribution charts: [percentile, latency ms] pairs. */
  latencyCurveMs: Array<[number, number]>;
  /** Median time the server handler spent (serverMs), and the mean time queued before it. */
  serverMsP50: number | null;
  queueMsMean: number | null;
  requests: RequestCounts;
  ceilingRps: number | null;
  efficiency: number | null;
  littleResidual: number | null;
  resources: Resources;
  loadGenCpuPct: number | null;
  /** Distinct worker pids that served responses. */
  workerPids: number;
  /** Connections that actually opened during the cell. */
  connectionsOpened: number;
  keepAlive: boolean | null;
  longpoll?: LongpollFacts;
  /** The scenario's own figures (ScenarioDef.figures), keyed like the definition. */
  figures?: Record<string, FigureSummary>;
  /** Requests the server held at once, reconstructed from each response's serverMs. */
  held?: { peak: number; mean: number } | null;
  /** Server CPU time per verified request, ms: resources.cpuPct × window ÷ requests.ok (where async Django's efficiency goes). */
  cpuMsPerRequest?: number | null;
  /** Which load engine ran the cell, and what its generator workers cost. */
  engine?: string;
  loadgen?: LoadgenFacts;
  /** Requests still in flight when the window closed (not in any figure), and the oldest one's age. */
  unfinished?: { count: number; oldestMs: number | null };
  /**
   * Open model only: the asked rate, arrivals dropped at --max-inflight, sends that left late, the
   * arrivals the schedule put in the window, and p50 of the latencies answered in each third of the
   * window (a growing queue shows as arrivals above answers and a rising p50: open-overloaded).
   * The last two are null when the engine cannot give them, absent in results written before.
   */
  open?: { ratePerS: number; dropped: number; lateSends: number; arrivals?: number | null; latencyP50ByThirdMs?: Array<number | null> | null };
  validity: ValidityIssue[];
  valid: boolean;
  /** For errored/aborted cells: what happened, and the tail of the server log. */
  error?: { code: string; message: string; logTail?: string[] };
  startedAt: string;
  durationS: number;
  warmupS: number;
}

export interface LoadgenFacts {
  workers: number;
  /** CPUs the generator was pinned to; null when it shared every core. */
  cpus: number[] | null;
  /** Per worker: CPU % of one core over the window, and event-loop delay p99 in ms. */
  cpuPct: Array<number | null>;
  eventLoopDelayP99Ms: Array<number | null>;
  hosts: string[];
  /** Requests answered per generator CPU-second: the generator's efficiency, comparable across machines. */
  reqPerCpuSecond: number | null;
}

export interface Provenance {
  node: string;
  python: string | null;
  django: string | null;
  gunicorn: string | null;
  uvicorn: string | null;
  autocannon: string;
  /** The embedded engine's HTTP client version, and how the load was generated. */
  undici?: string;
  /** Every component's version: Node's libraries and each target family's stack (TargetFamily.versions). */
  versions?: Record<string, string | null>;
  engine?: string;
  loadgenWorkers?: number;
  loadgenCpus?: number[] | null;
  serverCpus?: number[] | null;
  serverNice?: number;
  os: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  gitCommit: string | null;
  /** Load generator and servers share the machine's cores; said in every result. */
  sharedCores: string;
  loadModel: string;
  keepAlive: string;
}

export interface RunInfo {
  id: string;
  startedAt: string;
  endedAt: string | null;
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  commandLine: string[];
  options: ResolvedOptions;
  provenance: Provenance;
}

export interface TargetSummary {
  name: string;
  description: string;
  kind: 'launch' | 'url';
  model: ConcurrencyModel | null;
  threads: number | null;
  family: string | null;
  views: 'async' | 'sync' | null;
  command: string[] | null;
  perWorkerLimit: Record<string, number>;
  limitNotes: Record<string, string>;
  notes?: string[];
}

export interface ScenarioSummary {
  id: string;
  title: string;
  explanation: string;
  params: Params;
  /** The scenario's own figures (ScenarioDef.figures), so a report can title and unit them. */
  figures?: Record<string, FigureSpec>;
}

export interface EstimateCI {
  median: number;
  /**
   * Order-statistic interval of the median, [x(k), x(n+1−k)] of the sorted repeats, with the
   * largest k whose confidence is at least 95%. Below 6 repeats no interval reaches 95%: then this
   * is the range (min, max), `reaches95` is false and `level` says what the range reaches.
   */
  ci95: [number, number];
  n: number;
  /** The interval's actual confidence, exact for continuous data (n = 3: 0.75, n = 5: 0.9375, n = 10: 0.979). */
  level?: number;
  /** false when there are too few repeats for a 95% interval (n < 6) and ci95 is the range. */
  reaches95?: boolean;
}

/** One cell's repeats summarised (present when the run used --repeat N > 1). */
export interface CellSummary {
  target: string;
  scenario: string;
  workers: number | null;
  connections: number;
  repeats: number;
  validRepeats: number;
  rps: EstimateCI;
  p50Ms: EstimateCI | null;
  p99Ms: EstimateCI | null;
  ceilingRps: number | null;
  /** Self-explaining warnings: high variance, a slow first repeat. */
  warnings: string[];
}

/** A latency goal, e.g. `--slo p99<250ms`: the given percentile of latency must stay at or below boundMs. */
export interface SloGoal {
  percentile: number;
  boundMs: number;
  /** As the user wrote it, normalised: `p99<250ms`. */
  text: string;
}

/** One probe of a capacity search: an ordinary open-model cell, and whether it met the goal. */
export interface CapacityProbe {
  ratePerS: number;
  passed: boolean;
  /** The goal's percentile measured in that cell, failed requests counted as slowest, ms; null when it measured nothing, or too many failed for any answer to meet it. */
  valueMs: number | null;
  /** Requests the percentile speaks for (answered and failed); absent in results written before issue 21. */
  samples?: number | null;
  /** This probe ran a failed rate next to a pass once more, before the search bisected past it. */
  confirms?: boolean;
  /** Why it failed (goal missed, errors, invalid), empty when it passed. */
  reason: string;
}

/** Capacity of one target × scenario × workers at a latency goal (issue 12). */
export interface CapacityRow {
  target: string;
  scenario: string;
  workers: number | null;
  threads: number | null;
  model: ConcurrencyModel | null;
  slo: SloGoal;
  /** Highest probed arrival rate that met the goal with < 1% errors in a valid cell; null when none did. */
  maxRatePerS: number | null;
  /** Lowest probed rate above it that failed: the answer lies between the two. */
  failedRatePerS: number | null;
  /** Figures of the cell at maxRatePerS; `samples`: the requests its goal percentile speaks for. */
  at: {
    p99Ms: number | null;
    valueMs: number | null;
    samples?: number | null;
    cpuPct: number | null;
    rssMiB: number | null;
    processes: number | null;
    threads: number | null;
  } | null;
  probes: CapacityProbe[];
  /** Failed rates run once more before the search bisected past them: failed again (confirmed) or passed (overturned). */
  confirmations?: { confirmed: number; overturned: number };
  /** --slo-verify: a row that checks a predicted worker count, not a search. */
  verify?: { predictedFrom: string; ratePerS: number; held: boolean; reason: string };
}

/** A predicted worker count: how many workers a target needs to hold another target's capacity. */
export interface SizingPrediction {
  scenario: string;
  slo: SloGoal;
  /** The target whose capacity is to be matched, at its largest measured worker count. */
  reference: { target: string; workers: number | null; ratePerS: number };
  target: string;
  workers: number | null;
  /** True when `workers` lies beyond the measured worker counts (computed from perWorkerRatePerS). */
  extrapolated: boolean;
  /** The per-worker rate the extrapolation rests on, and the measured worker count it comes from. */
  perWorkerRatePerS: number | null;
  basisWorkers: number | null;
  /** Why there is no prediction (the target never met the goal), when workers is null. */
  reason?: string;
}

/** What a target costs at a worker count: measured, or fitted to the measured counts (predicted). */
export interface BillRow {
  target: string;
  scenario: string;
  workers: number;
  kind: 'measured' | 'predicted';
  processes: number | null;
  threads: number | null;
  rssMiB: number | null;
  /** RSS per extra worker (slope of a fit over the measured counts), MiB. */
  rssPerWorkerMiB: number | null;
}

export interface Results {
  /** Written as 2; readers accept 1 (no figures, held, loadgen, capacity) and 2. */
  schemaVersion: 1 | 2;
  run: RunInfo;
  targets: TargetSummary[];
  scenarios: ScenarioSummary[];
  cells: CellResult[];
  /** Medians with 95% intervals across repeats; present when --repeat > 1. */
  summaries?: CellSummary[];
  /** --slo: capacity at the goal per target × scenario × workers, predictions and the bill. */
  capacity?: CapacityRow[];
  sizing?: { predictions: SizingPrediction[]; bill: BillRow[] };
}

/** Options after defaults and validation: every field is set. */
export interface ResolvedOptions {
  targets: string[];
  scenarios: string[];
  workers: number[];
  connections: number[];
  durationS: number;
  warmupS: number;
  repeat: number;
  threads: number;
  timeoutS: number;
  readinessTimeoutS: number;
  sampleIntervalMs: number;
  outDir: string;
  params: Record<string, Params>;
  config: string | null;
  quick: boolean;
  seed: number;
  allowRemote: boolean;
  db: 'sqlite' | 'postgres' | 'postgres-pool';
  /** Load engine id (see harness/load/engines.ts). */
  engine: string;
  /** Locust engine: workers on other hosts to wait for (default 0), the master's HOST:PORT (default: loopback), how long to wait (default 60 s). */
  remoteWorkers?: number;
  masterBind?: string | null;
  workersTimeoutS?: number;
  loadgenWorkers: number;
  /** CPU sets; null: not pinned, generator and servers share every core. */
  loadgenCpus: number[] | null;
  serverCpus: number[] | null;
  /** Scheduling niceness of launched servers (0 = the generator's own). */
  serverNice: number;
  /** Open-model arrival rates to sweep (req/s); empty: closed cells only. */
  rates?: number[];
  /** Open model: most requests in flight at once (default 10,000); an open cell's `connections`. */
  maxInflight?: number;
  /** --slo: the latency goal for the capacity search; null: no search. */
  slo?: SloGoal | null;
  /** --slo-verify: run each predicted worker count once and say whether it held. */
  sloVerify?: boolean;
}
