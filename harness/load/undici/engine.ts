// The embedded engine: undici connection loops in one or more generator workers, coordinated here.
// The coordinator owns the cell's instants: it waits until every worker has booted, hands all of
// them one absolute start instant (so their arrivals and connection ramps interleave as planned,
// and process start-up is not warm-up), then decides the one measured window: warm-up until every
// connection of every worker has been answered (bounded by maxWarmupS), then a window of exactly
// durationS that every worker counts against, the load running until it has closed. It also holds
// the --max-inflight pool the workers share. Workers' tallies merge exactly.
import type { Engine, LoadModel, LoadOutcome, LoadSpec } from '../engine.js';
import { mergeOutcome } from '../outcome.js';
import type { GeneratorPlan } from './generator.js';
import { nowMs } from './exchange.js';
import { BudgetPool } from './inflight-budget.js';
import { burstPeriodOf, windowStartAfter } from '../window.js';
import { childWorker, localWorker, type WorkerHandle } from './worker-handles.js';

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

/**
 * Each worker's share: connections split as evenly as they go, or the rate split with interleaved
 * phases. An open share's maxInflight is only the worker's first tokens: the bound is shared (inflight-budget.ts).
 */
export function splitLoad(load: LoadModel, workers: number): LoadModel[] {
  if (load.model === 'closed') {
    const n = Math.max(1, Math.min(workers, load.connections));
    return Array.from({ length: n }, (_, i) => ({
      model: 'closed' as const,
      connections: Math.floor(load.connections / n) + (i < load.connections % n ? 1 : 0),
    }));
  }
  const n = Math.max(1, workers);
  const tokens = BudgetPool.shares(load.maxInflight, n);
  return tokens.map((maxInflight) => ({ model: 'open' as const, ratePerS: load.ratePerS / n, maxInflight }));
}

/** Child workers get this long to receive the start instant and the window before they apply (a busy 2-core machine can take tens of ms to run them). */
const START_LEAD_MS = 100;
const WINDOW_LEAD_MS = 20;

async function runUndici(spec: LoadSpec): Promise<LoadOutcome> {
  const load: LoadModel = spec.load ?? { model: 'closed', connections: spec.connections };
  const shares = splitLoad(load, spec.loadgenWorkers ?? 1);
  const cpus = spec.loadgenCpus && spec.loadgenCpus.length > 0 ? spec.loadgenCpus : null;
  // In-process when there is one worker and nothing to pin; otherwise every worker is a process,
  // so that the harness itself (and the servers it launches) keeps its own affinity.
  const inProcess = shares.length === 1 && !cpus;
  const rate = load.model === 'open' ? load.ratePerS : 0;
  const schedule = connectSchedule(load.model === 'closed' ? load.connections : 0, shares.length);
  const base = { baseUrl: spec.baseUrl, scenario: spec.scenario, params: spec.params, timeoutS: spec.timeoutS, pidHeader: spec.pidHeader };
  const handles: WorkerHandle[] = [];
  const pool = new BudgetPool(shares.length, (i, m) => handles[i]?.budget(m));
  const abort = abortPromise(spec.signal);
  const timers: NodeJS.Timeout[] = [];
  try {
    shares.forEach((share, i) => {
      const plan: GeneratorPlan = { ...base, load: share, phaseMs: rate > 0 ? (i * 1000) / rate : 0, connect: schedule[i] };
      handles.push(inProcess ? localWorker(plan) : childWorker(plan, cpus, (m) => pool.receive(i, m)));
    });
    // Every worker boots first (0.5-0.7 s for a process): none of that is load, so none of it is warm-up.
    const booted = await Promise.race([Promise.all(handles.map((h) => h.ready)).then(() => 'ready' as const), abort.promise]);
    const t0 = nowMs() + (inProcess ? 0 : START_LEAD_MS);
    if (booted === 'aborted')
      return mergeOutcome(spec, [], { engine: 'undici', t0, windowStart: t0, windowEnd: t0, plannedEnd: t0, aborted: true, warmupCapped: false, cpus });
    for (const h of handles) h.go(t0);
    const rampMs = load.model === 'closed' ? connectRampMs(load.connections) : 0;
    const w = await decideWindow(spec, handles, { t0, rampMs, leadMs: inProcess ? 0 : WINDOW_LEAD_MS, abort: abort.promise, timers });
    const windowEnd = w.aborted ? w.windowEnd : await runWindow(spec, handles, w.windowStart, w.windowEnd, abort.promise, timers);
    const results = await Promise.all(handles.map((h) => h.finish()));
    return mergeOutcome(spec, results, { engine: 'undici', t0, ...w, windowEnd, aborted: w.aborted || windowEnd < w.plannedEnd, cpus });
  } finally {
    abort.dispose();
    for (const t of timers) clearTimeout(t);
    for (const h of handles) h.kill();
  }
}

interface DecidedWindow {
  windowStart: number;
  windowEnd: number;
  plannedEnd: number;
  aborted: boolean;
  warmupCapped: boolean;
}

/** Warm-up from t0: at least warmupS, then until every worker reports every connection answered, at most maxWarmupS (+ the ramp). */
async function decideWindow(
  spec: LoadSpec,
  handles: WorkerHandle[],
  o: { t0: number; rampMs: number; leadMs: number; abort: Promise<'aborted'>; timers: NodeJS.Timeout[] },
): Promise<DecidedWindow> {
  const maxWarmupS = Math.max(spec.warmupS, spec.maxWarmupS ?? spec.warmupS) + o.rampMs / 1000;
  const allWarm = Promise.all(handles.map((h) => h.warm)).then(() => 'warm' as const);
  const first = await Promise.race([sleepUntil(o.t0 + spec.warmupS * 1000, o.timers), o.abort]);
  const how =
    first === 'aborted' ? first : await Promise.race([allWarm, sleepUntil(o.t0 + maxWarmupS * 1000, o.timers).then(() => 'capped' as const), o.abort]);
  const aborted = how === 'aborted';
  const decided = nowMs();
  // Child workers hear of the window over IPC: it opens a little later than decided, so that they know before it does.
  const windowStart = aborted ? decided : windowStartAfter(decided + o.leadMs, burstPeriodOf(spec.scenario, spec.params));
  const windowEnd = aborted ? decided : windowStart + spec.durationS * 1000;
  for (const h of handles) h.setWindow(windowStart, windowEnd);
  return { windowStart, windowEnd, plannedEnd: windowEnd, aborted, warmupCapped: how === 'capped' };
}

/** The load runs until the window has closed, however long the warm-up took; returns where it ended (earlier when aborted). */
async function runWindow(
  spec: LoadSpec,
  handles: WorkerHandle[],
  windowStart: number,
  windowEnd: number,
  abort: Promise<'aborted'>,
  timers: NodeJS.Timeout[],
): Promise<number> {
  timers.push(setTimeout(() => spec.onWindowOpen?.(), Math.max(0, windowStart - nowMs())));
  const ticker = setInterval(() => {
    const now = nowMs();
    const live = handles.map((h) => h.live()).reduce((a, b) => ({ ok: a.ok + b.ok, failed: a.failed + b.failed }), { ok: 0, failed: 0 });
    spec.onTick?.({ elapsedS: spec.warmupS + Math.max(0, now - windowStart) / 1000, totalS: spec.warmupS + spec.durationS, ...live });
  }, 250);
  try {
    const endedBy = await Promise.race([sleepUntil(windowEnd, timers).then(() => 'done' as const), abort]);
    return endedBy === 'aborted' ? Math.max(windowStart, nowMs()) : windowEnd;
  } finally {
    clearInterval(ticker);
  }
}

function sleepUntil(atMs: number, timers: NodeJS.Timeout[]): Promise<void> {
  return new Promise((resolve) => timers.push(setTimeout(resolve, Math.max(0, atMs - nowMs()))));
}

/** Resolves 'aborted' when the signal fires (at once if it already has); dispose() removes the listener. */
function abortPromise(signal: AbortSignal | undefined): { promise: Promise<'aborted'>; dispose(): void } {
  let onAbort: (() => void) | null = null;
  const promise = new Promise<'aborted'>((resolve) => {
    if (signal?.aborted) return resolve('aborted');
    onAbort = () => resolve('aborted');
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => onAbort && signal?.removeEventListener('abort', onAbort) };
}
