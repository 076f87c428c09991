// The coordinator's handle on one generator worker, in-process or a child process, with the same
// life cycle either way: boot (ready), start at a common instant (go), warm, window, finish. Kept
// apart from engine.ts, which decides the instants, so that the coordinator reads as its schedule.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formatCpuList } from '../../host/cpus.js';
import { Generator, type GeneratorPlan, type GeneratorResult } from './generator.js';
import type { BudgetToCoordinator, BudgetToWorker } from './inflight-budget.js';
import { originOf } from './scenario-origin.js';
import type { FromChild, ToChild } from './child.js';

export interface WorkerHandle {
  /** Resolves once the worker has booted (its process started, its scenario loaded); rejects if it cannot. */
  ready: Promise<void>;
  /** Starts the load at this epoch ms: the same instant for every worker of the cell. */
  go(atMs: number): void;
  warm: Promise<void>;
  setWindow(startMs: number, endMs: number): void;
  live(): { ok: number; failed: number };
  finish(): Promise<GeneratorResult>;
  /** A message from the shared --max-inflight pool (inflight-budget.ts). */
  budget(m: BudgetToWorker): void;
  kill(): void;
}

/** How long a worker process may take to boot before the cell errors. */
const BOOT_TIMEOUT_MS = 30_000;

export function localWorker(plan: GeneratorPlan): WorkerHandle {
  let onWarm!: () => void;
  const warm = new Promise<void>((r) => (onWarm = r));
  const gen = new Generator(plan, onWarm);
  return {
    ready: Promise.resolve(),
    go: (atMs) => gen.start(atMs),
    warm,
    setWindow: (s, e) => gen.setWindow(s, e),
    live: () => gen.live(),
    finish: () => gen.finish(),
    budget: () => {},
    kill: () => {},
  };
}

/** The child entry next to this file: .ts under tsx (tests, npm run), .js once compiled. */
function childEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  return { file: here.replace(/worker-handles\.(ts|js)$/, ts ? 'child.ts' : 'child.js'), execArgv: ts ? ['--import', 'tsx'] : [] };
}

function forkChild(cpus: number[] | null): ChildProcess {
  const { file, execArgv } = childEntry();
  // The parent's pid on the command line says in `ps` whose generator this is. Each worker leads
  // its own process group, so a terminal's Ctrl-C reaches only the harness, which stops the
  // workers itself and keeps their figures; a worker also exits when the harness goes away.
  const args = ['--parent', String(process.pid)];
  const child: ChildProcess = cpus
    ? spawn('taskset', ['-c', formatCpuList(cpus), process.execPath, ...execArgv, file, ...args], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        detached: true,
      })
    : fork(file, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return child;
}

export function childWorker(plan: GeneratorPlan, cpus: number[] | null, onBudget: (m: BudgetToCoordinator) => void): WorkerHandle {
  // Throws for a scenario defined in code only, before any process is started.
  const { scenario, ...rest } = plan;
  const origin = originOf(scenario);
  const child = forkChild(cpus);
  let onWarm!: () => void;
  const warm = new Promise<void>((r) => (onWarm = r));
  let boot!: { resolve(): void; reject(e: Error): void };
  const ready = new Promise<void>((resolve, reject) => (boot = { resolve, reject }));
  // A worker that fails after the coordinator stopped waiting for it (an aborted cell) is not an unhandled rejection.
  ready.catch(() => {});
  const bootTimer = setTimeout(
    () => boot.reject(new Error(`load generator worker ${child.pid} did not start within ${BOOT_TIMEOUT_MS / 1000} s`)),
    BOOT_TIMEOUT_MS,
  );
  let live = { ok: 0, failed: 0 };
  let settle: { resolve(r: GeneratorResult): void; reject(e: Error): void } | null = null;
  let failure: Error | null = null;
  const failWith = (e: Error) => {
    failure ??= e;
    clearTimeout(bootTimer);
    boot.reject(failure);
    settle?.reject(failure);
  };
  child.on('message', (m: FromChild) => {
    if (m.t === 'ready') {
      clearTimeout(bootTimer);
      boot.resolve();
    } else if (m.t === 'warm') onWarm();
    else if (m.t === 'budget') onBudget(m.m);
    else if (m.t === 'progress') live = { ok: m.ok, failed: m.failed };
    else if (m.t === 'result') settle?.resolve(m.result);
    else if (m.t === 'error') failWith(new Error(`load generator worker ${child.pid}: ${m.message}`));
  });
  child.on('exit', (code, signal) => failWith(new Error(`load generator worker ${child.pid} exited (${signal ?? `code ${code}`}) before it reported`)));
  const post = (m: ToChild) => {
    if (child.connected) child.send(m);
  };
  post({ t: 'plan', plan: { ...rest, origin } });
  return {
    ready,
    go: (atMs) => post({ t: 'go', atMs }),
    warm,
    setWindow: (startMs, endMs) => post({ t: 'window', startMs, endMs }),
    live: () => live,
    finish: () =>
      new Promise<GeneratorResult>((resolve, reject) => {
        if (failure) return reject(failure);
        settle = { resolve, reject };
        post({ t: 'finish' });
      }),
    budget: (m) => post({ t: 'budget', m }),
    kill: () => {
      clearTimeout(bootTimer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
