// The declarative table of options. The CLI parser, `--help`, the config-file keys and the JSON
// Schema all come from this table, so a new option cannot be forgotten in one of them. Defaults
// come from defaults.ts, the one place they are set.
import { DEFAULT_TARGETS, DEFAULTS, QUICK } from './defaults.js';

export type FlagType = 'names' | 'ints' | 'int' | 'duration' | 'string' | 'boolean' | 'params';

export interface FlagSpec {
  /** Long flag name without dashes; also the config-file key unless `configKey` says otherwise. */
  name: string;
  type: FlagType;
  description: string;
  /** Shown in --help; the real defaults live in resolve.ts. */
  defaultText?: string;
  /** Placeholder in --help, e.g. LIST or DURATION. */
  arg?: string;
  /** Not settable from a config file (actions such as --list, --help). */
  cliOnly?: boolean;
  configKey?: string;
  alias?: string;
  group: 'matrix' | 'measurement' | 'output' | 'safety' | 'actions';
}

export const FLAGS: readonly FlagSpec[] = [
  {
    name: 'targets',
    type: 'names',
    arg: 'LIST',
    group: 'matrix',
    description: 'targets to run, comma-separated (see --list)',
    defaultText: DEFAULT_TARGETS.join(','),
  },
  { name: 'scenarios', type: 'names', arg: 'LIST', group: 'matrix', description: 'scenarios to run, comma-separated', defaultText: 'sleep,db,longpoll' },
  { name: 'workers', type: 'ints', arg: 'LIST', group: 'matrix', description: 'worker process counts to sweep', defaultText: DEFAULTS.workers.join(',') },
  {
    name: 'connections',
    type: 'ints',
    arg: 'LIST',
    group: 'matrix',
    description: 'concurrent connections to sweep',
    defaultText: DEFAULTS.connections.join(','),
  },
  {
    name: 'rate',
    type: 'ints',
    arg: 'LIST',
    group: 'matrix',
    configKey: 'rates',
    description: 'open model: arrival rates to sweep, requests per second (a cell has a rate or connections, not both)',
  },
  {
    name: 'max-inflight',
    type: 'int',
    arg: 'N',
    group: 'matrix',
    configKey: 'maxInflight',
    description: 'open model: most requests in flight at once; an arrival beyond it is dropped and counted',
    defaultText: '10000',
  },
  {
    name: 'slo',
    type: 'string',
    arg: 'GOAL',
    group: 'matrix',
    description: "capacity search: the highest arrival rate per target × workers that meets a latency goal, e.g. 'p99<250ms' (any percentile, ms or s)",
  },
  {
    name: 'slo-verify',
    type: 'boolean',
    group: 'matrix',
    configKey: 'sloVerify',
    description: 'with --slo: run each predicted worker count once at the rate it must hold, and report whether it held',
  },
  {
    name: 'threads',
    type: 'int',
    arg: 'N',
    group: 'matrix',
    description: 'threads per worker for sync-threads targets (gunicorn gthread)',
    defaultText: String(DEFAULTS.threads),
  },
  {
    name: 'param',
    type: 'params',
    arg: 'SCENARIO.KEY=VALUE',
    group: 'matrix',
    configKey: 'params',
    description: 'override a scenario parameter, e.g. sleep.ms=200 (repeatable)',
  },
  {
    name: 'db',
    type: 'string',
    arg: 'KIND',
    group: 'matrix',
    description: 'database for Django targets: sqlite, postgres or postgres-pool',
    defaultText: DEFAULTS.db,
  },
  {
    name: 'duration',
    type: 'duration',
    arg: 'DURATION',
    group: 'measurement',
    description: 'measured time per cell, with a unit (10s, 500ms)',
    defaultText: `${DEFAULTS.durationS}s`,
  },
  {
    name: 'warmup',
    type: 'duration',
    arg: 'DURATION',
    group: 'measurement',
    description: 'load before measuring starts, not counted',
    defaultText: `${DEFAULTS.warmupS}s`,
  },
  {
    name: 'repeat',
    type: 'int',
    arg: 'N',
    group: 'measurement',
    description: 'run every cell N times, in shuffled order, and report medians with 95% CIs',
    defaultText: String(DEFAULTS.repeat),
  },
  {
    name: 'timeout',
    type: 'duration',
    arg: 'DURATION',
    group: 'measurement',
    description: 'a request taking longer counts as a timeout',
    defaultText: `${DEFAULTS.timeoutS}s`,
  },
  {
    name: 'readiness-timeout',
    type: 'duration',
    arg: 'DURATION',
    group: 'measurement',
    configKey: 'readinessTimeout',
    description: 'how long a server may take to answer /health',
    defaultText: `${DEFAULTS.readinessTimeoutS}s`,
  },
  {
    name: 'sample-interval',
    type: 'duration',
    arg: 'DURATION',
    group: 'measurement',
    configKey: 'sampleInterval',
    description: 'how often CPU and memory are sampled from /proc',
    defaultText: `${DEFAULTS.sampleIntervalMs}ms`,
  },
  {
    name: 'engine',
    type: 'string',
    arg: 'NAME',
    group: 'measurement',
    description: 'load engine: undici (embedded, this machine) or locust (a master plus workers, here or on other hosts)',
    defaultText: DEFAULTS.engine,
  },
  {
    name: 'loadgen-workers',
    type: 'string',
    arg: 'N',
    group: 'measurement',
    configKey: 'loadgenWorkers',
    description: 'generator worker processes, each with its share of the connections; auto = a quarter of the cores, at least 1',
    defaultText: String(DEFAULTS.loadgenWorkers),
  },
  {
    name: 'loadgen-cpus',
    type: 'string',
    arg: 'LIST',
    group: 'measurement',
    configKey: 'loadgenCpus',
    description: 'pin the load generator to these CPUs, e.g. 0 or 0-1 (default: it shares every core with the server)',
  },
  {
    name: 'server-nice',
    type: 'int',
    arg: 'N',
    group: 'measurement',
    configKey: 'serverNice',
    description: 'run launched servers at this scheduling niceness (0-19), so the load generator is not descheduled behind busy servers on shared cores',
    defaultText: String(DEFAULTS.serverNice),
  },
  {
    name: 'server-cpus',
    type: 'string',
    arg: 'LIST',
    group: 'measurement',
    configKey: 'serverCpus',
    description: 'pin every launched server process to these CPUs, e.g. 1 or 2-3',
  },
  {
    name: 'remote-workers',
    type: 'int',
    arg: 'N',
    group: 'measurement',
    configKey: 'remoteWorkers',
    description:
      'locust engine: wait for N workers on other hosts to connect to the master, instead of starting local ones (the command to run on them is printed)',
    defaultText: '0',
  },
  {
    name: 'master-bind',
    type: 'string',
    arg: 'HOST:PORT',
    group: 'measurement',
    configKey: 'masterBind',
    description: 'locust engine: where the master listens for workers; beyond loopback only with --allow-remote',
    defaultText: '127.0.0.1 on a free port (printed)',
  },
  {
    name: 'workers-timeout',
    type: 'duration',
    arg: 'DURATION',
    group: 'measurement',
    configKey: 'workersTimeout',
    description: 'locust engine: how long to wait for every worker to connect',
    defaultText: '60s',
  },
  {
    name: 'workers-min',
    type: 'int',
    arg: 'N',
    group: 'measurement',
    configKey: 'workersMin',
    description:
      'locust engine: go on with at least N workers when some are lost (the cell that lost one errors) or did not connect within --workers-timeout; said when it happens',
    defaultText: 'every worker',
  },
  { name: 'seed', type: 'int', arg: 'N', group: 'measurement', description: 'seed for the shuffled cell order', defaultText: 'time-based' },
  {
    name: 'quick',
    type: 'boolean',
    group: 'measurement',
    description: `short smoke run: ${QUICK.workers.join(',')} workers, ${QUICK.connections.join(',')} connections, ${QUICK.durationS}s cells (seconds, not minutes)`,
  },
  { name: 'out', type: 'string', arg: 'DIR', group: 'output', description: 'run directory to write', defaultText: 'reports/<run-id>' },
  {
    name: 'config',
    type: 'string',
    arg: 'FILE',
    group: 'output',
    cliOnly: true,
    description: 'read options (and your own targets and scenarios) from a JSON config file',
  },
  {
    name: 'resume',
    type: 'string',
    arg: 'RUN_DIR',
    group: 'output',
    cliOnly: true,
    description: 'finish an interrupted or crashed run: keeps its finished cells and runs the rest with its options',
  },
  {
    name: 'allow-remote',
    type: 'boolean',
    group: 'safety',
    configKey: 'allowRemote',
    description: 'allow targets that are not on loopback (prints a warning)',
  },
  {
    name: 'init',
    type: 'boolean',
    group: 'actions',
    cliOnly: true,
    description: 'write a commented starter bench.config.json (a Django and a Node example) in this folder, then exit',
  },
  { name: 'list', type: 'boolean', group: 'actions', cliOnly: true, description: 'list targets and scenarios with one-line descriptions, then exit' },
  { name: 'help', type: 'boolean', group: 'actions', cliOnly: true, alias: 'h', description: 'show this help' },
  { name: 'version', type: 'boolean', group: 'actions', cliOnly: true, description: 'print the version' },
];

export function flagByName(name: string): FlagSpec | undefined {
  return FLAGS.find((f) => f.name === name || f.alias === name);
}

export function configKeyOf(flag: FlagSpec): string {
  return flag.configKey ?? flag.name;
}
