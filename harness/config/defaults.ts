// Every default of a run in one place: option resolution fills them in, and `--help`, the README
// table's source (the flag table) and `--list` read them from here, so they cannot drift apart.

/** Targets of the default suite: one async/sync pair per stack. */
export const DEFAULT_TARGETS: readonly string[] = ['node-async', 'node-sync', 'django-wsgi-sync', 'django-asgi-uvicorn'];

export const DEFAULTS = {
  workers: [1, 2, 4],
  connections: [10, 100],
  durationS: 2,
  warmupS: 1,
  repeat: 1,
  threads: 4,
  timeoutS: 30,
  readinessTimeoutS: 30,
  sampleIntervalMs: 250,
  db: 'sqlite',
  engine: 'undici',
  loadgenWorkers: 1,
  /**
   * Servers run niced: on shared cores a busy server otherwise delays the generator's event loop
   * (measured: p99 8–46 ms at nice 0 against 1.4–4.3 ms at nice 10 with 4 Django workers on 2
   * cores), which puts the stall into the latency it records. The generator needs a few % of a
   * core; niceness only decides who waits.
   */
  serverNice: 10,
} as const;

/** How long a reused server may take to serve what the previous cell left queued before it is restarted (cheaper than waiting). */
export const DRAIN_TIMEOUT_MS = 3_000;

/** The open model's default bound on requests in flight (--max-inflight). */
export const DEFAULT_MAX_INFLIGHT = 10_000;

/** The ranges options are checked against (resolve.ts); below minDurationS a cell holds too few slow requests to say anything. */
export const LIMITS = {
  minDurationS: 0.5,
  maxConnections: 10_000,
  maxRatePerS: 1_000_000,
  maxWorkers: 256,
  maxThreads: 1024,
  maxRepeat: 100,
  maxLoadgenWorkers: 64,
} as const;

/** `asyncbench soak`: one long cell per target; its warm-up and timeout are longer than a matrix cell's (minutes, not seconds). */
export const SOAK_DEFAULTS = {
  targets: ['node-async', 'django-asgi-uvicorn'],
  minutes: 10,
  connections: 500,
  workers: 2,
  scenario: 'longpoll',
  threads: 4,
  warmupS: 30,
  timeoutS: 60,
  readinessTimeoutS: 30,
  sampleEveryS: 10,
} as const;

/** --quick: a smoke run that finishes in well under a minute. */
export const QUICK = { workers: [2], connections: [20], durationS: 1, warmupS: 0.5 } as const;
