// Every public type of asyncbench lives here, so the contract users script against has one home.
// Units live in field names (Ms, Rps, MiB, Pct, S).

/** How a server runs requests concurrently; decides its Little's-law ceiling. */
export type ConcurrencyModel = 'async' | 'sync-process' | 'sync-threads';

export interface TargetReadiness {
  /** Path that must answer before the target counts as ready. */
  path: string;
  timeoutMs: number;
  /**
   * What counts as ready: `ok` (200, the default: the reference servers' /health) or `non5xx` (any
   * status below 500: a config target with no readiness path is ready once its first scenario's
   * path answers at all, since most apps have no /health).
   */
  accept?: 'ok' | 'non5xx';
  /** How the path was chosen when the config did not give one, said in the terminal and results.json. */
  chosen?: string;
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
  /** A response header naming the worker process that answered (e.g. x-worker-pid), for targets whose bodies do not. */
  pidHeader?: string;
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
  pidHeader?: string;
  source?: string;
}

export type TargetDef = LaunchedTargetDef | RunningTargetDef;

/**
 * Where a lower layer says what it is doing (the launcher, the capacity search, an engine); the run's
 * progress reporter (harness/run/progress.ts) is one, so none of them needs to know the terminal.
 */
export interface MessageSink {
  info(message: string): void;
  warn(message: string): void;
}

/** What a run can choose from: the built-in targets and scenarios plus those a config file defines. */
export interface Catalog {
  targets: TargetDef[];
  scenarios: ScenarioDef[];
}

/**
 * What the harness asks of a family of built-in targets (servers/targets/<family>.ts declares it,
 * servers/targets/families.ts lists it), so that no generic module names a family.
 */
export interface TargetFamily {
  id: string;
  /**
   * What the family's targets need installed beyond Node (the Django targets: the project's Python
   * venv): whether it is there, what it is called, and how to make it. The run's preflight names the
   * hint when a target cannot start; an installed package leaves the family out of the default suite.
   */
  environment?: { what: string; ready(): boolean; hint(): string };
  /** Connections per worker in the family's own DB pool for --db postgres-pool. */
  dbPoolPerWorker?: number;
  /** --db postgres | postgres-pool: the environment the family's targets need, and their definitions for it. */
  useDatabase?(databaseUrl: string, pool: number, targets: LaunchedTargetDef[]): { env: Record<string, string>; targets: LaunchedTargetDef[] };
  /** Versions of the stack its servers run, for provenance; null where a package is not installed. */
  versions?(): Record<string, string | null>;
  /**
   * What a launch (server start to /health 200, plus its stop) and the family's setup commands
   * cost, in seconds, for the run's estimate (harness/run/estimate.ts); measured on the project's machine.
   */
  costs?: { launchS: number; setupS: number };
}

/** How an option's value is written: a list of names, whole numbers, a duration with a unit, … */
export type FlagType = 'names' | 'ints' | 'int' | 'duration' | 'string' | 'boolean' | 'params';

/**
 * One option of the one table (harness/config/flags.ts) that the CLI parser, `--help`, the config
 * file's keys, its JSON Schema and `UserConfig` all come from. Engines declare their own options in
 * this form (EngineDescriptor.options), and the table lists them under the engine's name.
 */
export interface FlagSpec {
  /** Long flag name without dashes; also the config-file key unless `configKey` says otherwise. */
  name: string;
  type: FlagType;
  description: string;
  /** Shown in --help; the defaults themselves live in config/defaults.ts, or with the engine that reads the option. */
  defaultText?: string;
  /** Placeholder in --help, e.g. LIST or DURATION. */
  arg?: string;
  /** Not settable from a config file (actions such as --list, --help). */
  cliOnly?: boolean;
  configKey?: string;
  alias?: string;
  group: 'matrix' | 'measurement' | 'engine' | 'output' | 'safety' | 'actions';
  /** Set for an engine's own option: only that engine reads it (any other refuses it, naming the engine). */
  engine?: string;
  /** An engine option's default (written once, with the option) and its range for int and duration (seconds) values. */
  default?: number | string | boolean | null;
  min?: number;
  max?: number;
}

export type ParamValue = number | string | boolean;

/** A resolved engine option's value: durations in seconds (their key ends in S), lists as arrays. */
export type EngineOptionValue = number | string | boolean | null | number[] | string[];

/** The options only the selected engine reads (EngineDescriptor.options), resolved, with its defaults filled in. */
export type EngineOptions = Record<string, EngineOptionValue>;
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

/** A response's headers, names in lower case (a repeated header's values joined with ", "). */
export type ResponseHeaders = Record<string, string>;

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

/** A service a scenario needs running beside the targets (ScenarioDef.needs). */
export interface ServiceNeed {
  /** The service's name in logs and the pid file, e.g. `upstream`. */
  name: string;
  /** The catalog target that serves it (launched under `name`), e.g. `node-async`. */
  target: string;
  /** Its worker processes (one event loop holds any number of waiting calls). */
  workers: number;
  /** The environment variable every target gets with the service's URL. */
  urlEnv: string;
  description: string;
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
  check(status: number, body: string, params: Params, state: Record<string, unknown>, timing?: ResponseTiming, headers?: ResponseHeaders): CheckResult;
  /** The check reads response headers (a config scenario's expect.headers): the engine collects them only then. */
  responseHeaders?: boolean;
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
   * Services the run must start for this scenario, once per run, before any target (e.g. the
   * upstream API an `upstream` view calls): each is a catalog target launched under the service's
   * name, and every target gets its URL in the environment variable the service names
   * (harness/launcher/services.ts).
   */
  needs?: { services?: ServiceNeed[] };
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
  /**
   * `cpu` when the ceiling is not Little's law on a declared wait (absent: it is) but, for a scenario
   * that declares none, the cores the server may use ÷ its CPU per request at low load (cpuCeiling).
   */
  ceilingBasis?: 'cpu';
  cpuCeiling?: { cores: number; cpuMsPerRequest: number; fromConnections: number };
  littleResidual: number | null;
  resources: Resources;
  loadGenCpuPct: number | null;
  /** Distinct worker pids that served responses. */
  workerPids: number;
  /**
   * How the load spread over the server's worker processes, where the server names its pid (body
   * or pidHeader): verified responses per pid, and keep-alive connections per pid (each counted
   * once, by the pid that last answered it; null when the server closed connections).
   */
  workerSplit?: { requests: Record<string, number>; connections: Record<string, number> | null };
  /** Most processes the server's process tree had at once during the window (master included); null when not sampled. */
  serverProcesses?: number | null;
  /** Connections that actually opened during the cell. */
  connectionsOpened: number;
  keepAlive: boolean | null;
  /** The scenario's own figures (ScenarioDef.figures), keyed like the definition. */
  figures?: Record<string, FigureSummary>;
  /** Requests the server held at once, reconstructed from each response's serverMs. */
  held?: { peak: number; mean: number } | null;
  /** Server CPU time per verified request, ms: resources.cpuPct × window ÷ requests.ok (where async Django's efficiency goes). */
  cpuMsPerRequest?: number | null;
  /**
   * The processes a config's resources.also names (the database, say), sampled beside the server
   * over the same window: what matched, their resources, and their CPU per verified request.
   */
  beside?: { label: string; processes: number; resources: Resources; cpuMsPerRequest: number | null };
  /** Server plus `beside` CPU per verified request, ms (issue 23: TechEmpower's /db, 3.9 ms in the server and 7 more in PostgreSQL). */
  cpuMsPerRequestTotal?: number | null;
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
  /** Error lines the server's log wrote during a cell that failed requests, grouped (harness/run/server-log-errors.ts). */
  serverLogErrors?: Array<{ message: string; count: number }>;
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
  /** Distributed engines, per worker: how far its window was shifted into its own clock, ms; null within 1 ms. Present when any was. */
  clockCorrectionMs?: Array<number | null>;
}

export interface Provenance {
  node: string;
  /**
   * Every component's version, by package name: Node and the embedded engine's HTTP client (undici),
   * each target family's stack (TargetFamily.versions: python, django, gunicorn, …) and the run's
   * engine's (EngineDescriptor.versions: locust, hdrhistogram); null where it is not installed.
   * (Schema 2 named python, django, gunicorn, uvicorn and autocannon at the top level; reading
   * upgrades them into this map.)
   */
  versions: Record<string, string | null>;
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
  /** The readiness probe the run used (path, what counted as ready, and how the path was chosen). */
  readiness?: TargetReadiness;
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
  /** Open model: the point's arrival rate (its `connections` is then the in-flight bound); null for a closed point. */
  ratePerS?: number | null;
  repeats: number;
  /** Repeats that were valid: the only ones the medians are taken over. */
  validRepeats: number;
  /** Over the valid repeats; null when none was valid. */
  rps: EstimateCI | null;
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
  /** Written as 3; readers accept 1 (no figures, held, loadgen, capacity), 2 (named versions, engine options at the top of run.options) and 3, and upgrade them to 3. */
  schemaVersion: 1 | 2 | 3;
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

/** A process sampled beside the server (config `resources.also`): every process of that name, or the pid in a file and its descendants. */
export type AlsoProcess = { name: string } | { pidFile: string };

/** The config file's run-level keys (harness/config/run-level.ts): commands around the run, and processes sampled beside every server. */
export interface RunLevelOptions {
  /** argv arrays, run in order before any target's setup, from `cwd` (the config file's folder). */
  setup: string[][];
  /** argv arrays, run after the last cell, however the run ended (a failure is a warning). */
  teardown: string[][];
  cwd: string | null;
  /** Sampled beside every server; their CPU is added to the server's in cpuMsPerRequestTotal. */
  also: AlsoProcess[];
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
  /** The selected engine's own options (its descriptor declares them), defaults filled in; e.g. locust: remoteWorkers, masterBind, workersTimeoutS. */
  engineOptions: EngineOptions;
  loadgenWorkers: number;
  /** CPU sets; null: not pinned, generator and servers share every core. */
  loadgenCpus: number[] | null;
  serverCpus: number[] | null;
  /** Scheduling niceness of launched servers (0 = the generator's own). */
  serverNice: number;
  /** Open-model arrival rates to sweep (req/s); empty: closed cells only. */
  rates: number[];
  /** Open model: most requests in flight at once (default 10,000); an open cell's `connections`. */
  maxInflight: number;
  /** --slo: the latency goal for the capacity search; null: no search. */
  slo: SloGoal | null;
  /** --slo-verify: run each predicted worker count once and say whether it held. */
  sloVerify: boolean;
  /** The config file's setup/teardown commands and resources.also (empty without a config; absent from runs before issue 23). */
  runLevel?: RunLevelOptions;
}
