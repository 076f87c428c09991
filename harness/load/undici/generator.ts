// One generator worker: its share of a cell's connections (closed model) or of its arrival rate
// (open model), on undici Clients, counting into a Tally once the coordinator has set the window.
// It runs in the harness process or in a child process (child.ts); either way the coordinator
// (engine.ts) decides the window, so several workers share one measured window exactly.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CheckResult, Params, ScenarioDef } from '../../types.js';
import { Tally, figureSpecsOf, type TallyWire } from '../tally.js';
import type { LoadgenWorkerFacts, LoadModel } from '../engine.js';
import { Connection, nowMs, type ExchangeResult } from './exchange.js';
import { cpusOfPid } from '../../host/cpus.js';

export interface GeneratorPlan {
  baseUrl: string;
  scenario: ScenarioDef;
  params: Params;
  load: LoadModel;
  timeoutS: number;
  /** Open model: this worker's first arrival is offset by this many ms, so workers interleave. */
  phaseMs?: number;
  /** A response header naming the worker process that served the request (a config target's pidHeader). */
  pidHeader?: string;
  /** Closed model: when this worker opens its first connection and how far apart the next ones (engine.ts, connectRampMs); default all at once. */
  connect?: { firstMs: number; everyMs: number };
}

export interface GeneratorResult {
  tally: TallyWire;
  facts: LoadgenWorkerFacts;
  connectionsOpenPeak: number;
  unfinished: number;
  unfinishedOldestMs: number | null;
  dropped: number;
  lateSends: number;
}

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
  private open = 0;
  private openPeak = 0;
  private dropped = 0;
  private lateSends = 0;
  /** Timers not yet fired; each removes itself when it fires, so finish() clears exactly the pending ones. */
  private readonly timers = new Set<NodeJS.Timeout>();
  private cpuAtWindow: NodeJS.CpuUsage | null = null;
  private readonly eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
  private readonly origin: string;

  constructor(
    private readonly plan: GeneratorPlan,
    /** Called once every connection has had an answer (closed model): the warm-up may end. */
    private readonly onWarm: () => void,
  ) {
    this.origin = new URL(plan.baseUrl).origin;
  }

  start(): void {
    const { load } = this.plan;
    if (load.model === 'closed') {
      const { firstMs = 0, everyMs = 0 } = this.plan.connect ?? {};
      for (let i = 0; i < load.connections; i++) {
        const at = firstMs + i * everyMs;
        if (at <= 0) this.sendNext(this.newConnection());
        else this.later(() => this.sendNext(this.newConnection()), at);
      }
    } else {
      this.startArrivals(load.ratePerS, load.maxInflight);
    }
  }

  /** The measured window, epoch ms; responses arriving inside it count. */
  setWindow(startMs: number, endMs: number): void {
    this.tally = new Tally(startMs, endMs, figureSpecsOf(this.plan.scenario));
    const open = () => {
      this.cpuAtWindow = process.cpuUsage();
      this.eld.reset();
      this.eld.enable();
      this.openPeak = this.open;
    };
    const wait = startMs - nowMs();
    if (wait > 0) this.later(open, wait);
    else open();
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
    let unfinished = 0;
    let oldest = Infinity;
    for (const { sentAtMs: sent } of this.conns) {
      if (!Number.isNaN(sent) && sent < end) {
        unfinished++;
        oldest = Math.min(oldest, sent);
      }
    }
    const cpu = this.cpuAtWindow ? process.cpuUsage(this.cpuAtWindow) : null;
    const windowS = Math.max(1e-9, (Math.min(nowMs(), end) - start) / 1000);
    const tally = this.tally ?? new Tally(start, end, figureSpecsOf(this.plan.scenario));
    const eldP99 = this.eld.count > 0 ? Math.max(0, this.eld.percentile(99) / 1e6 - ELD_RESOLUTION_MS) : null;
    await Promise.all(this.conns.map((c) => c.client.destroy().catch(() => {})));
    return {
      tally: tally.toWire(),
      facts: {
        cpuPct: cpu ? ((cpu.user + cpu.system) / 1e6 / windowS) * 100 : null,
        eventLoopDelayP99Ms: eldP99,
        host: os.hostname(),
        requests: tally.counts.ok,
        cpusAllowed: cpusOfPid(process.pid),
        pid: process.pid,
      },
      connectionsOpenPeak: Math.max(this.openPeak, 0),
      unfinished,
      unfinishedOldestMs: unfinished > 0 ? end - oldest : null,
      dropped: this.dropped,
      lateSends: this.lateSends,
    };
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
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
      this.open++;
      if (this.tally && this.tally.inWindow(nowMs())) this.openPeak = Math.max(this.openPeak, this.open);
    });
    conn.client.on('disconnect', () => {
      this.open = Math.max(0, this.open - 1);
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

  /** Open model: arrivals on a fixed schedule; each takes an idle connection or opens one. */
  private startArrivals(ratePerS: number, maxInflight: number): void {
    const intervalMs = 1000 / ratePerS;
    const t0 = nowMs() + (this.plan.phaseMs ?? 0);
    let k = 0;
    let busy = 0;
    const tick = () => {
      if (this.stopped) return;
      const now = nowMs();
      for (; t0 + k * intervalMs <= now; k++) {
        const intended = t0 + k * intervalMs;
        if (busy >= maxInflight) {
          if (this.tally?.inWindow(intended)) this.dropped++;
          continue;
        }
        if (now - intended > LATE_MS && this.tally?.inWindow(intended)) this.lateSends++;
        const conn = this.idle.pop() ?? this.newConnection();
        busy++;
        this.send(conn, intended, () => {
          busy--;
          this.idle.push(conn);
        });
      }
      const next = t0 + k * intervalMs - nowMs();
      this.later(tick, Math.max(0, Math.min(next, 50)));
    };
    this.later(tick, Math.max(0, t0 - nowMs()));
    // An open model has no "every connection answered": its warm-up is time alone.
    this.onWarm();
  }

  private send(conn: Connection, sentAtMs: number, after: (r: ExchangeResult) => void): void {
    const { scenario, params } = this.plan;
    conn.send(scenario.request(params, conn.state), sentAtMs, (r) => {
      if (this.stopped) return;
      this.count(r, conn);
      after(r);
    });
  }

  private count(r: ExchangeResult, conn: Connection): void {
    const { scenario, params } = this.plan;
    const state = conn.state;
    const latencyMs = r.arrivedAtMs - r.timing.sentAtMs;
    if (r.kind !== 'response') {
      this.tally?.record({ kind: r.kind, arrivedAtMs: r.arrivedAtMs, latencyMs });
      return;
    }
    // The check runs on every response, warm-up included: it carries per-connection state
    // (long-poll's last event) that the next request depends on.
    if (r.status < 200 || r.status >= 300) {
      this.tally?.record({ kind: 'response', status: r.status, arrivedAtMs: r.arrivedAtMs, latencyMs, closed: r.closed });
      return;
    }
    const res = withPidHeader(scenario.check(r.status, r.body, params, state, r.timing, r.headers), r, this.plan.pidHeader);
    this.tally?.record({
      conn: this.connIds.get(conn),
      kind: 'response',
      status: r.status,
      ok: res.ok,
      facts: res.ok ? res.facts : undefined,
      failure: res.ok ? undefined : res.reason,
      arrivedAtMs: r.arrivedAtMs,
      latencyMs,
      closed: r.closed,
    });
  }
}

/** A passed check's facts with the pid the target's pid header names, when the check named none. */
function withPidHeader(res: CheckResult, r: ExchangeResult, header: string | undefined): CheckResult {
  if (!header || !res.ok || typeof res.facts?.pid === 'number') return res;
  const pid = Number(r.headers?.[header.toLowerCase()]);
  return Number.isInteger(pid) && pid > 0 ? { ok: true, facts: { ...res.facts, pid } } : res;
}
