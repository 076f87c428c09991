// The locust engine: Locust's master and workers (local ones started here, remote ones connecting
// over the network) generate the load; the harness keeps the cell's window. The window is decided
// exactly as the undici engine decides it (warm-up of at least warmupS and until every connection
// has been answered, capped at maxWarmupS; bursty scenarios aligned by window.ts) and sent to every
// worker as wall-clock epoch ms, so all of them count against the same instants. Each worker
// returns a TallyWire (exact counts, HdrHistogram µs histograms encoded by Python's hdrhistogram),
// merged by the same load/outcome.ts mergeOutcome the undici engine uses.
import { randomUUID } from 'node:crypto';
import { mergeOutcome } from '../outcome.js';
import type { Engine, LoadOutcome, LoadSpec, LoadgenWorkerFacts } from '../engine.js';
import { BenchError, ExitCode } from '../../errors.js';
import type { TallyWire } from '../tally.js';
import { burstPeriodOf, windowStartAfter } from '../window.js';
import { checkLocustOptions, locustOptionsOf } from './options.js';
import { figureKinds, locustSupport, scenarioSource } from './locustfile.js';
import { AbortedWait, LocustSession, sessionKey, type DriverEvent, type SessionConfig } from './session.js';

/** One worker's report, as runtime.py's Worker.finish() builds it. */
export interface WorkerResult {
  worker: string;
  tally: TallyWire;
  facts: LoadgenWorkerFacts;
  connectionsOpenPeak: number;
  unfinished: number;
  unfinishedOldestMs: number | null;
}

export const locustEngine: Engine = { id: 'locust', run: runLocust };

const nowMs = (): number => performance.timeOrigin + performance.now();
/** How long workers may take to send their counts once the window has closed. */
const RESULTS_WAIT_MS = 15_000;
/** How long the workers may take to start one user per connection. */
const SPAWN_WAIT_MS = 30_000;

let current: LocustSession | null = null;

/** The session for these options: reused across cells while it lives, replaced when they change. */
async function sessionFor(spec: LoadSpec): Promise<LocustSession> {
  const o = locustOptionsOf(spec.engineOptions);
  const cfg: SessionConfig = {
    // With remote workers every worker is remote (a generator host each); otherwise --loadgen-workers local ones.
    localWorkers: o.remoteWorkers > 0 ? 0 : Math.max(1, spec.loadgenWorkers ?? 1),
    remoteWorkers: o.remoteWorkers,
    masterBind: o.masterBind,
    workersTimeoutS: o.workersTimeoutS,
    workersMin: o.workersMin,
    cpus: spec.loadgenCpus && spec.loadgenCpus.length > 0 ? [...spec.loadgenCpus] : null,
    onInfo: (m) => (spec.messages ? spec.messages.info(m) : process.stderr.write(`${m}\n`)),
  };
  if (current && current.alive && current.key === sessionKey(cfg)) return current;
  if (current) await current.close();
  current = null;
  current = await LocustSession.open(cfg, spec.signal);
  return current;
}

/** Stops the master and local workers now (tests; a run's end stops them through the group registry). */
export async function closeLocust(): Promise<void> {
  const s = current;
  current = null;
  await s?.close();
}

/** The session of the cells that run now (tests). */
export function currentLocustSession(): LocustSession | null {
  return current;
}

async function runLocust(spec: LoadSpec): Promise<LoadOutcome> {
  // The option layer refuses all of these before a run starts; a direct caller (a test, the soak) meets the same rules here.
  if (spec.load && spec.load.model !== 'closed') {
    throw new BenchError('locust-open-model', 'the locust engine runs the closed model only (one user per connection)', {
      hint: 'use --engine undici for an arrival rate',
      exitCode: ExitCode.usage,
    });
  }
  const unsupported = locustSupport(spec.scenario);
  if (unsupported) throw new BenchError('locust-unsupported-scenario', unsupported, { exitCode: ExitCode.usage });
  const ctx = {
    loadgenWorkers: spec.loadgenWorkers ?? 1,
    loadgenCpus: spec.loadgenCpus?.length ? spec.loadgenCpus : null,
    allowRemote: spec.allowRemote ?? false,
  };
  const problems = checkLocustOptions(spec.engineOptions ?? {}, ctx);
  if (problems.length) throw new BenchError('locust-options', problems.join('; '), { problems, exitCode: ExitCode.usage });
  let session: LocustSession;
  try {
    session = await sessionFor(spec);
  } catch (e) {
    // Ctrl-C while waiting for workers: the cell is aborted before its window, not errored.
    if (!(e instanceof AbortedWait)) throw e;
    const now = nowMs();
    return merge(spec, [], { t0: now, windowStart: now, windowEnd: now, plannedEnd: now, aborted: true, warmupCapped: false });
  }
  try {
    const out = await runCell(session, spec);
    out.loadgenCpus = session.cfg.cpus;
    return out;
  } catch (e) {
    // A lost worker errors this cell only: the master drops the cell and the others wait for the
    // next one. A master that is gone takes the session with it.
    if (session.alive) session.send({ t: 'abandon' });
    else if (current === session) await closeLocust();
    throw e;
  }
}

/** What one cell watches while it runs: the workers' progress and the first failure. */
interface CellWatch {
  live: { answered: number; users: number; ok: number; failed: number; workers: number };
  failure: Error | null;
  /** Each worker's applied clock offset from the master, ms. */
  workerOffsetMs: Map<string, number>;
  aborted: boolean;
}

function watchCell(session: LocustSession, spec: LoadSpec): { w: CellWatch; stop(): void } {
  const w: CellWatch = {
    live: { answered: 0, users: 0, ok: 0, failed: 0, workers: 0 },
    failure: null,
    workerOffsetMs: new Map(),
    aborted: spec.signal?.aborted ?? false,
  };
  const off = session.on((m: DriverEvent) => {
    if (m.t === 'progress')
      w.live = { answered: Number(m.answered), users: Number(m.users), ok: Number(m.ok), failed: Number(m.failed), workers: Number(m.workers) };
    else if (m.t === 'error') w.failure ??= new BenchError(String(m.code ?? 'loadgen-worker-lost'), String(m.message), { exitCode: ExitCode.cellsErrored });
    else if (m.t === 'session-failed') w.failure ??= session.failure;
    else if (m.t === 'clock' && m.applied === true) w.workerOffsetMs.set(String(m.worker), Number(m.offsetMs));
  });
  const onAbort = () => (w.aborted = true);
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    w,
    stop: () => {
      off();
      spec.signal?.removeEventListener('abort', onAbort);
    },
  };
}

async function runCell(session: LocustSession, spec: LoadSpec): Promise<LoadOutcome> {
  const connections = spec.load?.model === 'closed' ? spec.load.connections : spec.connections;
  const { w, stop } = watchCell(session, spec);
  const timers: NodeJS.Timeout[] = [];
  // Resolves when `done()` holds, polling; throws as soon as a worker or the master is lost.
  const until = async (done: () => boolean): Promise<void> => {
    while (!done() && !w.aborted) {
      if (w.failure) throw w.failure;
      await new Promise((r) => setTimeout(r, 20));
    }
    if (w.failure) throw w.failure;
  };
  try {
    // The master's clock against ours, the one that sets the window (issue 22 item 16).
    const master = await masterClock(session);
    session.send({ t: 'cell', plan: cellPlan(spec, connections) });
    // The warm-up starts once every user (connection) is running, as the undici engine's starts
    // with every connection sending: spawning Locust users is the engine's start-up, not the server's.
    const spawnBy = nowMs() + SPAWN_WAIT_MS;
    await until(() => w.live.users >= connections || nowMs() > spawnBy);
    if (!w.aborted && w.live.users < connections) {
      throw new BenchError(
        'loadgen-spawn',
        `only ${w.live.users} of ${connections} Locust users started within ${SPAWN_WAIT_MS / 1000} s (${w.live.workers} workers)`,
        {
          exitCode: ExitCode.cellsErrored,
        },
      );
    }
    const t0 = nowMs();
    const maxWarmupS = Math.max(spec.warmupS, spec.maxWarmupS ?? spec.warmupS);
    await until(() => nowMs() - t0 >= spec.warmupS * 1000);
    await until(() => w.live.answered >= connections || nowMs() - t0 >= maxWarmupS * 1000);
    const warmupCapped = !w.aborted && w.live.answered < connections;
    const decided = nowMs();
    const windowStart = w.aborted ? decided : windowStartAfter(decided, burstPeriodOf(spec.scenario, spec.params));
    let windowEnd = w.aborted ? decided : windowStart + spec.durationS * 1000;
    const plannedEnd = windowEnd;
    session.send({ t: 'window', startMs: windowStart, endMs: windowEnd, masterOffsetMs: master.appliedMs });
    if (!w.aborted) {
      timers.push(setTimeout(() => spec.onWindowOpen?.(), Math.max(0, windowStart - nowMs())));
      timers.push(
        setInterval(() => {
          const elapsedS = spec.warmupS + Math.max(0, nowMs() - windowStart) / 1000;
          spec.onTick?.({ elapsedS, totalS: spec.warmupS + spec.durationS, ok: w.live.ok, failed: w.live.failed });
        }, 250),
      );
      await until(() => nowMs() >= windowEnd);
      if (w.aborted) windowEnd = Math.max(windowStart, Math.min(nowMs(), windowEnd));
    }
    const resultsP = session.waitFor((m) => m.t === 'results', RESULTS_WAIT_MS, 'the Locust workers did not send their counts');
    session.send({ t: 'finish' });
    const reply = await resultsP;
    if (w.failure) throw w.failure;
    const results = withClockCorrections(session, reply.results as WorkerResult[], master, w.workerOffsetMs);
    const out = merge(spec, results, { t0, windowStart, windowEnd, plannedEnd, aborted: w.aborted, warmupCapped });
    // The master is generator cost too (heartbeats, relaying): counted in the total, not as a worker.
    if (typeof reply.masterCpuPct === 'number' && out.loadGenCpuPct !== null) out.loadGenCpuPct += reply.masterCpuPct;
    return out;
  } finally {
    stop();
    for (const t of timers) clearTimeout(t);
  }
}

/** The cell's plan as every worker gets it: the scenario's generated Python, its params, one user per connection. */
function cellPlan(spec: LoadSpec, connections: number): Record<string, unknown> {
  return {
    cellId: randomUUID(),
    scenarioId: spec.scenario.id,
    source: scenarioSource(spec.scenario),
    params: spec.params,
    baseUrl: spec.baseUrl,
    timeoutS: spec.timeoutS,
    connections,
    figures: figureKinds(spec.scenario),
  };
}

/**
 * The master's clock against ours, halfway through a round trip on its stdin and stdout. Within
 * half the round trip plus 1 ms it is noise and left at 0, as the master does for its workers.
 */
async function masterClock(session: LocustSession): Promise<{ offsetMs: number; appliedMs: number }> {
  const h0 = nowMs();
  const reply = session.waitFor((m) => m.t === 'clock-master' && m.harnessMs === h0, 10_000, 'the Locust master did not answer');
  session.send({ t: 'clock', harnessMs: h0 });
  const m = await reply;
  const h1 = nowMs();
  const offsetMs = Number(m.masterMs) - (h0 + h1) / 2;
  return { offsetMs, appliedMs: Math.abs(offsetMs) > (h1 - h0) / 2 + 1 ? offsetMs : 0 };
}

/** Each worker's whole correction from our clock to its own (recorded over 1 ms), told once per worker. */
function withClockCorrections(
  session: LocustSession,
  results: WorkerResult[],
  master: { appliedMs: number },
  workerOffsetMs: Map<string, number>,
): WorkerResult[] {
  return results.map((r) => {
    const corr = master.appliedMs + (workerOffsetMs.get(r.worker) ?? 0);
    if (Math.abs(corr) <= 1) return { ...r, facts: { ...r.facts, clockCorrectionMs: null } };
    warnClock(session, r.worker, corr);
    return { ...r, facts: { ...r.facts, clockCorrectionMs: corr } };
  });
}

const clockWarned = new WeakMap<LocustSession, Set<string>>();

/** Once per worker: its clock is off ours; it was given the window in its own time. */
function warnClock(session: LocustSession, worker: string, corrMs: number): void {
  const seen = clockWarned.get(session) ?? new Set<string>();
  clockWarned.set(session, seen);
  if (seen.has(worker)) return;
  seen.add(worker);
  const off = `${corrMs > 0 ? '+' : ''}${Math.round(corrMs)} ms`;
  session.cfg.onInfo(
    `locust: worker ${worker}'s clock is ${off} off this harness's; its window is shifted to the same instants (recorded in the cell), but sync the generator hosts' clocks (NTP)`,
  );
}

/** The workers' reports as one outcome, through the same merge as the undici engine. */
export function merge(
  spec: LoadSpec,
  results: WorkerResult[],
  w: { t0: number; windowStart: number; windowEnd: number; plannedEnd: number; aborted: boolean; warmupCapped: boolean },
): LoadOutcome {
  return mergeOutcome(spec, results, { ...w, engine: 'locust', cpus: null });
}
