// One generator worker: its share of a cell's connections (closed model) or of its arrival rate
// (open model), on undici Clients, counting into a Tally once the coordinator has set the window.
// It runs in the harness process or in a child process (child.ts); either way the coordinator
// (engine.ts) decides the start instant and the window, so several workers keep one schedule and
// share one measured window exactly.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CheckResult, Params, ScenarioDef } from '../../types.js';
import { Tally, figureSpecsOf, type Exchange, type TallyWire } from '../tally.js';
import type { LoadgenWorkerFacts, LoadModel } from '../engine.js';
import { Connection, nowMs, type ExchangeResult } from './exchange.js';
import { cpusOfPid } from '../../host/cpus.js';
import { LevelPeaks, type LevelPeaksWire } from '../level-peaks.js';
import { ArrivalSchedule } from './arrivals.js';
import { LocalBudget, TokenGate, type InflightBudget } from './inflight-budget.js';
import { PreWindow } from './pre-window.js';

export interface GeneratorPlan {
  baseUrl: string;
  scenario: ScenarioDef;
  params: Params;
  load: LoadModel;
  timeoutS: number;
  /** Open model: this worker's first arrival is this many ms after the common start, so workers interleave. */
  phaseMs?: number;
  /** A response header naming the worker process that served the request (a config target's pidHeader). */
  pidHeader?: string;
  /** Closed model: when this worker opens its first connection after the common start, and how far apart the next ones (engine.ts, connectRampMs). */
  connect?: { firstMs: number; everyMs: number };
}

export interface GeneratorResult {
  tally: TallyWire;
  facts: LoadgenWorkerFacts;
  /** This worker's own peak of open connections; `connectionsOpen` lets workers' levels add up instant by instant. */
  connectionsOpenPeak: number;
  connectionsOpen: LevelPeaksWire | null;
  /** Requests in flight at the window's end (answered after it, still in flight, or due and not yet sent), and the oldest one's age. */
  unfinished: number;
  unfinishedOldestMs: number | null;
  dropped: number;
  lateSends: number;
  /** Open model: arrivals the schedule put inside the window; null for the closed model. */
  arrivals: number | null;
}

/** Events before the window is known, replayed once it is (pre-window.ts). */
type Early = { x: Exchange; sentAtMs: number } | { dropAt: number } | { lateAt: number };

/** monitorEventLoopDelay records the whole timer interval (measured: p99 10.24 ms idle at 10 ms), so the resolution is subtracted. */
const ELD_RESOLUTION_MS = 10;
/** A send more than this late (open model) counts in `lateSends`. */
const LATE_MS = 5;
/** After this many connection errors in a row, a connection waits before retrying (no busy loop on a dead server). */
const ERROR_BACKOFF_AFTER = 3;

export class Generator {
  private tally: Tally | null = null;
  private stopped = false;
  private readonly conns: Connection[] = [];
  private readonly idle: Connection[] = [];
  private readonly answeredOnce = new Set<Connection>();
  /** Each connection's number, so the tally can say how connections spread over the server's workers. */
  private readonly connIds = new WeakMap<Connection, number>();
  private answered = 0;
  private readonly openedAt = new Map<Connection, number>();
  private openLevel: LevelPeaks | null = null;
  private readonly early = new PreWindow<Early>();
  private dropped = 0;
  private lateSends = 0;
  /** Requests sent before the window's end and answered after it: in flight at its end. */
  private doneAfterEnd = 0;
  private doneAfterEndOldest = Infinity;
  private schedule: ArrivalSchedule | null = null;
  private readonly gate: TokenGate;
  /** Timers not yet fired; each removes itself when it fires, so finish() clears exactly the pending ones. */
  private readonly timers = new Set<NodeJS.Timeout>();
  private cpuAtWindow: { usage: NodeJS.CpuUsage; atMs: number } | null = null;
  private readonly eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  private readonly origin: string;

  constructor(
    private readonly plan: GeneratorPlan,
    /** Called once every connection has had an answer (closed model): the warm-up may end. */
    private readonly onWarm: () => void,
    /** Open model: the --max-inflight bound, shared with other workers through the coordinator; default this worker's share alone. */
    budget?: InflightBudget,
  ) {
    this.origin = new URL(plan.baseUrl).origin;
    this.gate = new TokenGate(budget ?? new LocalBudget(plan.load.model === 'open' ? plan.load.maxInflight : Infinity), {
      send: (intended) => this.dispatch(intended),
      drop: (intended) => this.noteDrop(intended),
      stopped: () => this.stopped,
    });
  }

  /** Starts the load at `atMs` (epoch ms), the instant every worker of the cell was given. */
  start(atMs = nowMs()): void {
    const { load } = this.plan;
    if (load.model === 'closed') {
      const { firstMs = 0, everyMs = 0 } = this.plan.connect ?? {};
      for (let i = 0; i < load.connections; i++) this.at(atMs + firstMs + i * everyMs, () => this.sendNext(this.newConnection()));
    } else {
      this.startArrivals(new ArrivalSchedule(atMs + (this.plan.phaseMs ?? 0), load.ratePerS));
    }
  }

  /** The measured window, epoch ms; responses arriving inside it count, also those that came before this call. */
  setWindow(startMs: number, endMs: number): void {
    this.tally = new Tally(startMs, endMs, figureSpecsOf(this.plan.scenario));
    this.openLevel = new LevelPeaks(startMs, endMs, this.openedAt.size);
    for (const e of this.early.drain()) {
      if ('x' in e) this.record(e.x, e.sentAtMs);
      else if ('dropAt' in e) this.noteDrop(e.dropAt);
      else this.noteLate(e.lateAt);
    }
    this.at(startMs, () => {
      this.cpuAtWindow = { usage: process.cpuUsage(), atMs: nowMs() };
      this.eld.reset();
      this.eld.enable();
    });
  }

  /** Counts so far inside the window, for the progress line. */
  live(): { ok: number; failed: number } {
    const c = this.tally?.counts;
    return c ? { ok: c.ok, failed: c.non2xx + c.timeouts + c.connErrors + c.verifyFailed } : { ok: 0, failed: 0 };
  }

  /** Stops the load, closes every connection, and returns this worker's facts for the window. */
  async finish(): Promise<GeneratorResult> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.eld.disable();
    const end = this.tally?.windowEndMs ?? nowMs();
    const start = this.tally?.windowStartMs ?? end;
    const inFlight = this.inFlightAt(end);
    const cpu = this.cpuAtWindow ? process.cpuUsage(this.cpuAtWindow.usage) : null;
    const cpuSpanS = Math.max(1e-9, (Math.min(nowMs(), end) - (this.cpuAtWindow?.atMs ?? start)) / 1000);
    const tally = this.tally ?? new Tally(start, end, figureSpecsOf(this.plan.scenario));
    const eldP99 = this.eld.count > 0 ? Math.max(0, this.eld.percentile(99) / 1e6 - ELD_RESOLUTION_MS) : null;
    const connectionsOpen = this.openLevel?.toWire(end) ?? null;
    await Promise.all(this.conns.map((c) => c.client.destroy().catch(() => {})));
    return {
      tally: tally.toWire(),
      facts: {
        cpuPct: cpu ? ((cpu.user + cpu.system) / 1e6 / cpuSpanS) * 100 : null,
        eventLoopDelayP99Ms: eldP99,
        host: os.hostname(),
        requests: tally.counts.ok,
        cpusAllowed: cpusOfPid(process.pid),
        pid: process.pid,
      },
      connectionsOpenPeak: connectionsOpen ? connectionsOpen.peaks.reduce((a, p) => Math.max(a, p), 0) : 0,
      connectionsOpen,
      unfinished: inFlight.count,
      unfinishedOldestMs: inFlight.count > 0 ? end - inFlight.oldestMs : null,
      dropped: this.dropped,
      lateSends: this.lateSends,
      arrivals: this.schedule && this.tally ? this.schedule.countIn(start, end) : null,
    };
  }

  /** Requests in flight at `end`: answered after it, still in flight now, or (open model) due before it and not yet sent. */
  private inFlightAt(end: number): { count: number; oldestMs: number } {
    let count = this.doneAfterEnd;
    let oldestMs = this.doneAfterEndOldest;
    const note = (sent: number) => {
      if (Number.isNaN(sent) || sent >= end) return;
      count++;
      oldestMs = Math.min(oldestMs, sent);
    };
    for (const c of this.conns) note(c.sentAtMs);
    for (const intended of this.gate.waiting) note(intended);
    const notTaken = this.schedule?.notTakenBefore(end);
    if (notTaken && notTaken.count > 0) {
      count += notTaken.count;
      oldestMs = Math.min(oldestMs, notTaken.earliestMs as number);
    }
    return { count, oldestMs };
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Runs fn at epoch ms `atMs`, or now when that has passed. */
  private at(atMs: number, fn: () => void): void {
    const wait = atMs - nowMs();
    if (wait > 0) this.later(fn, wait);
    else fn();
  }

  private newConnection(): Connection {
    const { scenario, pidHeader } = this.plan;
    const conn = new Connection(
      this.origin,
      Math.round(this.plan.timeoutS * 1000),
      scenario.bodyTiming === true,
      scenario.responseHeaders === true || !!pidHeader,
    );
    conn.client.on('connect', () => {
      const now = nowMs();
      this.openedAt.set(conn, now);
      this.openLevel?.set(now, this.openedAt.size);
    });
    conn.client.on('disconnect', () => {
      if (this.openedAt.delete(conn)) this.openLevel?.set(nowMs(), this.openedAt.size);
    });
    conn.client.on('connectionError', () => {});
    this.conns.push(conn);
    this.connIds.set(conn, this.conns.length - 1);
    return conn;
  }

  /** Closed model: the next request on `client` as soon as the last one is answered. */
  private sendNext(conn: Connection, errorsInARow = 0): void {
    if (this.stopped) return;
    this.send(conn, nowMs(), (r) => {
      if (r.kind === 'response' && !this.answeredOnce.has(conn)) {
        this.answeredOnce.add(conn);
        if (++this.answered === (this.plan.load as { connections: number }).connections) this.onWarm();
      }
      const errors = r.kind === 'response' ? 0 : errorsInARow + 1;
      if (errors >= ERROR_BACKOFF_AFTER) this.later(() => this.sendNext(conn, errors), 10);
      else this.sendNext(conn, errors);
    });
  }

  /** Open model: arrivals on a fixed schedule; each takes an in-flight token and an idle connection (or opens one). */
  private startArrivals(schedule: ArrivalSchedule): void {
    this.schedule = schedule;
    const tick = () => {
      if (this.stopped) return;
      // An arrival without an in-flight token waits while the gate looks for one (its latency counts
      // from `intended` all the same); it is dropped only when every token is in flight.
      schedule.takeDue(nowMs(), (intended) => this.gate.arrive(intended));
      this.later(tick, Math.max(0, Math.min(schedule.untilNext(nowMs()), 50)));
    };
    this.later(tick, Math.max(0, schedule.t0 - nowMs()));
    // An open model has no "every connection answered": its warm-up is time alone.
    this.onWarm();
  }

  private dispatch(intended: number): void {
    if (nowMs() - intended > LATE_MS) this.noteLate(intended);
    const conn = this.idle.pop() ?? this.newConnection();
    this.send(conn, intended, () => {
      this.idle.push(conn);
      this.gate.done();
    });
  }

  private noteDrop(intended: number): void {
    if (!this.tally) this.early.push({ dropAt: intended }, intended);
    else if (this.tally.inWindow(intended)) this.dropped++;
  }

  private noteLate(intended: number): void {
    if (!this.tally) this.early.push({ lateAt: intended }, intended);
    else if (this.tally.inWindow(intended)) this.lateSends++;
  }

  private send(conn: Connection, sentAtMs: number, after: (r: ExchangeResult) => void): void {
    const { scenario, params } = this.plan;
    conn.send(scenario.request(params, conn.state), sentAtMs, (r) => {
      if (this.stopped) return;
      this.count(r, conn);
      after(r);
    });
  }

  /** Counts one exchange into the window's tally, or keeps it until the window is known. */
  private record(x: Exchange, sentAtMs: number): void {
    const t = this.tally;
    if (!t) return this.early.push({ x, sentAtMs }, x.arrivedAtMs);
    if (x.arrivedAtMs >= t.windowEndMs && sentAtMs < t.windowEndMs) {
      this.doneAfterEnd++;
      this.doneAfterEndOldest = Math.min(this.doneAfterEndOldest, sentAtMs);
    }
    t.record(x);
  }

  private count(r: ExchangeResult, conn: Connection): void {
    const { scenario, params } = this.plan;
    const state = conn.state;
    const sent = r.timing.sentAtMs;
    const base = { arrivedAtMs: r.arrivedAtMs, latencyMs: r.arrivedAtMs - sent };
    if (r.kind !== 'response') return this.record({ kind: r.kind, ...base }, sent);
    // The check runs on every response, warm-up included: it carries per-connection state
    // (long-poll's last event) that the next request depends on.
    if (r.status < 200 || r.status >= 300) return this.record({ kind: 'response', status: r.status, closed: r.closed, ...base }, sent);
    const res = withPidHeader(scenario.check(r.status, r.body, params, state, r.timing, r.headers), r, this.plan.pidHeader);
    this.record(
      {
        conn: this.connIds.get(conn),
        kind: 'response',
        status: r.status,
        ok: res.ok,
        facts: res.ok ? res.facts : undefined,
        failure: res.ok ? undefined : res.reason,
        closed: r.closed,
        ...base,
      },
      sent,
    );
  }
}

/** A passed check's facts with the pid the target's pid header names, when the check named none. */
function withPidHeader(res: CheckResult, r: ExchangeResult, header: string | undefined): CheckResult {
  if (!header || !res.ok || typeof res.facts?.pid === 'number') return res;
  const pid = Number(r.headers?.[header.toLowerCase()]);
  return Number.isInteger(pid) && pid > 0 ? { ok: true, facts: { ...res.facts, pid } } : res;
}
