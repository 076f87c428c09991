// The Locust engine's own options (remote workers, where the master listens, how long to wait for
// workers) with their defaults, typed for the engine, and its rules on them: one module that both
// the descriptor (the option layer's view) and the engine (per cell) read, so neither imports the other.
import type { EngineCheckContext, EngineOptions } from '../engine.js';
import { withDefaults } from '../options.js';
import type { FlagSpec } from '../../types.js';

export const LOCUST_OPTIONS = [
  {
    name: 'remote-workers',
    type: 'int',
    arg: 'N',
    group: 'engine',
    engine: 'locust',
    configKey: 'remoteWorkers',
    default: 0,
    min: 0,
    max: 1024,
    description: 'wait for N workers on other hosts to connect to the master, instead of starting local ones (the command to run on them is printed)',
    defaultText: '0',
  },
  {
    name: 'master-bind',
    type: 'string',
    arg: 'HOST:PORT',
    group: 'engine',
    engine: 'locust',
    configKey: 'masterBind',
    default: null,
    description: 'where the master listens for workers; beyond loopback only with --allow-remote',
    defaultText: '127.0.0.1 on a free port (printed)',
  },
  {
    name: 'workers-timeout',
    type: 'duration',
    arg: 'DURATION',
    group: 'engine',
    engine: 'locust',
    configKey: 'workersTimeout',
    default: 60,
    min: 1,
    description: 'how long to wait for every worker to connect',
    defaultText: '60s',
  },
  {
    name: 'workers-min',
    type: 'int',
    arg: 'N',
    group: 'engine',
    engine: 'locust',
    configKey: 'workersMin',
    default: null,
    min: 1,
    max: 1024,
    description:
      'go on with at least N workers when some are lost (the cell that lost one errors) or did not connect within --workers-timeout; said when it happens',
    defaultText: 'every worker',
  },
] as const satisfies readonly FlagSpec[];

/** The Locust engine's options, typed, defaults filled in. */
export interface LocustOptions {
  remoteWorkers: number;
  /** HOST:PORT the master listens on; null: 127.0.0.1 on a free port (5557 when remote workers are expected). */
  masterBind: string | null;
  workersTimeoutS: number;
  /** Fewest workers a cell may run with once some are lost (--workers-min); null: every one. */
  workersMin: number | null;
}

export function locustOptionsOf(given?: EngineOptions): LocustOptions {
  const o = withDefaults(LOCUST_OPTIONS, given);
  return {
    remoteWorkers: Number(o.remoteWorkers),
    masterBind: o.masterBind === null ? null : String(o.masterBind),
    workersTimeoutS: Number(o.workersTimeoutS),
    workersMin: o.workersMin === null ? null : Number(o.workersMin),
  };
}

/** `--master-bind HOST:PORT`: a port, and loopback unless --allow-remote. */
function masterBindProblem(bind: string | null, allowRemote: boolean): string | null {
  if (bind === null) return null;
  const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(bind.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) return `--master-bind: "${bind}" is not HOST:PORT, e.g. 127.0.0.1:5557 or 0.0.0.0:5557`;
  const host = (m[1] as string).replace(/^\[|\]$/g, '');
  if (!allowRemote && !/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host))
    return `--master-bind: ${host} lets other machines reach the Locust master; add --allow-remote to mean it`;
  return null;
}

/** The engine's rules on its options, every problem at once: the option layer asks before a run, the engine again per cell. */
export function checkLocustOptions(given: EngineOptions, ctx: EngineCheckContext): string[] {
  const o = locustOptionsOf(given);
  const problems = [masterBindProblem(o.masterBind, ctx.allowRemote)];
  if (ctx.loadgenCpus && o.remoteWorkers > 0)
    problems.push('--loadgen-cpus: it pins local generator workers; remote Locust workers are pinned on their own hosts (run them under taskset there)');
  // --workers-min cannot ask for more workers than the run has.
  const workers = o.remoteWorkers > 0 ? o.remoteWorkers : ctx.loadgenWorkers;
  const flag = o.remoteWorkers > 0 ? '--remote-workers' : '--loadgen-workers';
  if (o.workersMin !== null && o.workersMin > workers)
    problems.push(`--workers-min: ${o.workersMin} is more than the ${workers} worker${workers > 1 ? 's' : ''} of ${flag} ${workers}`);
  return problems.filter((p): p is string => p !== null);
}
