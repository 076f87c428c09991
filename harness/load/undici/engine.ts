// The embedded engine: undici connection loops in one or more generator workers, coordinated here.
// The coordinator owns the one measured window: warm-up until every connection of every worker
// has been answered (bounded by maxWarmupS), then a window of exactly durationS that every worker
// counts against, the load running until it has closed. Workers' tallies merge exactly.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Engine, LoadModel, LoadOutcome, LoadSpec } from '../engine.js';
import { formatCpuList } from '../../host/cpus.js';
import { mergeOutcome } from '../outcome.js';
import { Generator, type GeneratorPlan, type GeneratorResult } from './generator.js';
import { nowMs } from './exchange.js';
import { originOf } from './scenario-origin.js';
import type { FromChild, ToChild } from './child.js';
import { burstPeriodOf, windowStartAfter } from '../window.js';

interface WorkerHandle {
  start(): void;
  warm: Promise<void>;
  setWindow(startMs: number, endMs: number): void;
  live(): { ok: number; failed: number };
  finish(): Promise<GeneratorResult>;
  kill(): void;
}

export const undiciEngine: Engine = {
  id: 'undici',
  run: runUndici,
};

// The closed model opens its connections over a short ramp, not in one burst. Servers whose workers
// share one listening socket (gunicorn, uvicorn --workers, hypercorn) let whichever worker wakes
// first accept every connection waiting, so a burst can leave workers with none for the whole cell
// (validity: workers-idle). Measured, django-asgi-uvicorn 4 workers: with a burst 2-3 of 4 workers
// answered (sleep at 100 connections 654 req/s); 2 ms apart, all 4 (855 req/s). Real clients and
// proxies open connections over time too. The ramp happens inside the warm-up, which is extended by it.
export const CONNECT_SPACING_MS = 2;
export const CONNECT_RAMP_MAX_MS = 1000;

/** How long the closed model takes to open all of a cell's connections, over every generator worker. */
export function connectRampMs(connections: number): number {
  return Math.min(CONNECT_RAMP_MAX_MS, Math.max(0, connections - 1) * CONNECT_SPACING_MS);
}

/**
 * When each generator worker opens its connections: one slot of the ramp apart over the whole
 * cell, workers interleaved (worker i takes slots i, i + n, …), so together they open one
 * connection per slot whatever the worker count.
 */
export function connectSchedule(connections: number, workers: number): Array<{ firstMs: number; everyMs: number }> {
  const slotMs = connections > 1 ? connectRampMs(connections) / (connections - 1) : 0;
  return Array.from({ length: Math.max(1, workers) }, (_, i) => ({ firstMs: i * slotMs, everyMs: Math.max(1, workers) * slotMs }));
}

/** Each worker's share: connections split as evenly as they go, or the rate split with interleaved phases. */
export function splitLoad(load: LoadModel, workers: number): LoadModel[] {
  if (load.model === 'closed') {
    const n = Math.max(1, Math.min(workers, load.connections));
    return Array.from({ length: n }, (_, i) => ({
      model: 'closed' as const,
      connections: Math.floor(load.connections / n) + (i < load.connections % n ? 1 : 0),
    }));
  }
  const n = Math.max(1, workers);
  return Array.from({ length: n }, () => ({ model: 'open' as const, ratePerS: load.ratePerS / n, maxInflight: Math.max(1, Math.ceil(load.maxInflight / n)) }));
}

async function runUndici(spec: LoadSpec): Promise<LoadOutcome> {
  const load: LoadModel = spec.load ?? { model: 'closed', connections: spec.connections };
  const shares = splitLoad(load, spec.loadgenWorkers ?? 1);
  const cpus = spec.loadgenCpus && spec.loadgenCpus.length > 0 ? spec.loadgenCpus : null;
  // In-process when there is one worker and nothing to pin; otherwise every worker is a process,
  // so that the harness itself (and the servers it launches) keeps its own affinity.
  const inProcess = shares.length === 1 && !cpus;
  const base = { baseUrl: spec.baseUrl, params: spec.params, timeoutS: spec.timeoutS, pidHeader: spec.pidHeader };
  const rate = load.model === 'open' ? load.ratePerS : 0;
  const rampMs = load.model === 'closed' ? connectRampMs(load.connections) : 0;
  const schedule = connectSchedule(load.model === 'closed' ? load.connections : 0, shares.length);
  const handles: WorkerHandle[] = shares.map((share, i) => {
    const phaseMs = rate > 0 ? (i * 1000) / rate : 0;
    const plan: GeneratorPlan = { ...base, scenario: spec.scenario, load: share, phaseMs, connect: schedule[i] };
    return inProcess ? localWorker(plan) : childWorker(plan, cpus);
  });

  const t0 = nowMs();
  const maxWarmupS = Math.max(spec.warmupS, spec.maxWarmupS ?? spec.warmupS) + rampMs / 1000;
  let aborted = spec.signal?.aborted ?? false;
  const timers: NodeJS.Timeout[] = [];
  let ticker: NodeJS.Timeout | null = null;
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let plannedEnd = Infinity;
  let onAbort: (() => void) | null = null;
  try {
    for (const h of handles) h.start();
    // Warm-up: at least warmupS, then until every worker reports every connection answered, at most maxWarmupS.
    const allWarm = Promise.all(handles.map((h) => h.warm)).then(() => 'warm' as const);
    const abortP = new Promise<'aborted'>((resolve) => {
      if (aborted) resolve('aborted');
      onAbort = () => resolve('aborted');
      spec.signal?.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([sleep(spec.warmupS * 1000, timers), abortP]);
    const how = await Promise.race([allWarm, sleep(Math.max(0, t0 + maxWarmupS * 1000 - nowMs()), timers).then(() => 'capped' as const), abortP]);
    aborted = how === 'aborted';
    const warmupCapped = how === 'capped';
    const decided = nowMs();
    windowStart = aborted ? decided : windowStartAfter(decided, burstPeriodOf(spec.scenario, spec.params));
    windowEnd = aborted ? decided : windowStart + spec.durationS * 1000;
    plannedEnd = windowEnd;
    for (const h of handles) h.setWindow(windowStart, windowEnd);
    if (!aborted) {
      timers.push(setTimeout(() => spec.onWindowOpen?.(), Math.max(0, windowStart - nowMs())));
      ticker = setInterval(() => {
        const now = nowMs();
        const live = handles.map((h) => h.live()).reduce((a, b) => ({ ok: a.ok + b.ok, failed: a.failed + b.failed }), { ok: 0, failed: 0 });
        spec.onTick?.({ elapsedS: spec.warmupS + Math.max(0, now - windowStart) / 1000, totalS: spec.warmupS + spec.durationS, ...live });
      }, 250);
      // The load runs until the window has closed, however long the warm-up took.
      const endedBy = await Promise.race([sleep(Math.max(0, windowEnd - nowMs()), timers).then(() => 'done' as const), abortP]);
      if (endedBy === 'aborted') {
        aborted = true;
        windowEnd = Math.max(windowStart, nowMs());
      }
    }
    const results = await Promise.all(handles.map((h) => h.finish()));
    return mergeOutcome(spec, results, { engine: 'undici', t0, windowStart, windowEnd, plannedEnd, aborted, warmupCapped, cpus });
  } finally {
    if (onAbort) spec.signal?.removeEventListener('abort', onAbort);
    for (const t of timers) clearTimeout(t);
    if (ticker) clearInterval(ticker);
    for (const h of handles) h.kill();
  }
}

function sleep(ms: number, timers: NodeJS.Timeout[]): Promise<void> {
  return new Promise((resolve) => timers.push(setTimeout(resolve, ms)));
}

function localWorker(plan: GeneratorPlan): WorkerHandle {
  let onWarm!: () => void;
  const warm = new Promise<void>((r) => (onWarm = r));
  const gen = new Generator(plan, onWarm);
  return {
    start: () => gen.start(),
    warm,
    setWindow: (s, e) => gen.setWindow(s, e),
    live: () => gen.live(),
    finish: () => gen.finish(),
    kill: () => {},
  };
}

/** The child entry next to this file: .ts under tsx (tests, npm run), .js once compiled. */
function childEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ts = here.endsWith('.ts');
  return { file: here.replace(/engine\.(ts|js)$/, ts ? 'child.ts' : 'child.js'), execArgv: ts ? ['--import', 'tsx'] : [] };
}

function childWorker(plan: GeneratorPlan, cpus: number[] | null): WorkerHandle {
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
  let onWarm!: () => void;
  const warm = new Promise<void>((r) => (onWarm = r));
  let live = { ok: 0, failed: 0 };
  let settle: { resolve(r: GeneratorResult): void; reject(e: Error): void } | null = null;
  let failure: Error | null = null;
  child.on('message', (m: FromChild) => {
    if (m.t === 'warm') onWarm();
    else if (m.t === 'progress') live = { ok: m.ok, failed: m.failed };
    else if (m.t === 'result') settle?.resolve(m.result);
    else if (m.t === 'error') {
      failure = new Error(`load generator worker ${child.pid}: ${m.message}`);
      settle?.reject(failure);
    }
  });
  child.on('exit', (code, signal) => {
    failure ??= new Error(`load generator worker ${child.pid} exited (${signal ?? `code ${code}`}) before it reported`);
    settle?.reject(failure);
  });
  const post = (m: ToChild) => {
    if (child.connected) child.send(m);
  };
  const { scenario, ...rest } = plan;
  return {
    start: () => post({ t: 'start', plan: { ...rest, origin: originOf(scenario) } }),
    warm,
    setWindow: (startMs, endMs) => post({ t: 'window', startMs, endMs }),
    live: () => live,
    finish: () =>
      new Promise<GeneratorResult>((resolve, reject) => {
        if (failure) return reject(failure);
        settle = { resolve, reject };
        post({ t: 'finish' });
      }),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
