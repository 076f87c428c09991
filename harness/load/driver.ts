// Drives one cell's load with autocannon in this process: a closed model (each connection sends
// its next request when the previous answer arrives), one continuous run of warmup + duration in
// which only responses completing inside the measurement window count.
//
// autocannon's own figures are not used: its histogram counts whole milliseconds and its `errors`
// lumps timeouts with connection errors. We hook every connection instead (setupClient) and record
// microseconds, status, verification and connection events ourselves.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Params, RequestCounts, ScenarioDef } from '../types.js';
import { HeldTracker } from './held.js';
import { LatencyHistogram } from '../stats/histogram.js';

export interface LoadSpec {
  baseUrl: string;
  scenario: ScenarioDef;
  params: Params;
  connections: number;
  warmupS: number;
  durationS: number;
  timeoutS: number;
  /**
   * The warm-up lasts at least warmupS and until every connection has had an answer, so that a
   * queueing (sync) server is measured at steady state, but never longer than this.
   */
  maxWarmupS?: number;
  /**
   * For scenarios whose answers come in bursts every this many ms (long-poll): the window opens
   * half a period after a burst, so that a window of whole periods holds exactly that many bursts.
   */
  burstPeriodMs?: number;
  signal?: AbortSignal;
  /** Called when the measurement window opens (resources are sampled over the window only). */
  onWindowOpen?(): void;
  /** Called about once a second with progress inside the measurement window. */
  onTick?(t: { elapsedS: number; totalS: number; ok: number; failed: number }): void;
}

export interface LoadOutcome {
  counts: RequestCounts;
  latency: LatencyHistogram;
  /** Measured window actually covered, seconds (the run can stop early when aborted). */
  windowS: number;
  serverMs: LatencyHistogram;
  queueMsMean: number | null;
  pids: Set<number>;
  /** Peak connections open at once during the window. */
  connectionsOpenPeak: number;
  /** false when the server closed connections after responses (e.g. gunicorn sync workers). */
  keepAlive: boolean | null;
  lagMs: LatencyHistogram;
  missedEvents: number;
  timedOut: number;
  heldPeak: number;
  heldMean: number;
  loadGenCpuPct: number | null;
  aborted: boolean;
  /** Warm-up actually used, seconds, and whether it hit maxWarmupS before every connection was answered. */
  warmupS: number;
  warmupCapped: boolean;
  /** A few verification failures, for the error message and the report. */
  failureExamples: string[];
}

type AutocannonClient = {
  setRequests(reqs: unknown[]): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
  _connect(): void;
  _doRequest(...args: unknown[]): void;
  _resetConnection(): void;
  conn?: { once(event: string, fn: () => void): void };
};

export function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  const { scenario, params } = spec;
  const counts: RequestCounts = { ok: 0, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 };
  const latency = new LatencyHistogram();
  const serverMs = new LatencyHistogram();
  const lagMs = new LatencyHistogram();
  const pids = new Set<number>();
  const failureExamples: string[] = [];
  let queueSum = 0;
  let queueN = 0;
  let missedEvents = 0;
  let timedOut = 0;
  let closeSeen = false;
  let keepAliveSeen = false;
  let open = 0;
  let openPeak = 0;

  const t0 = performance.now();
  const maxWarmupS = Math.max(spec.warmupS, spec.maxWarmupS ?? spec.warmupS);
  const totalS = maxWarmupS + spec.durationS;
  // The measurement window opens when the warm-up is over (see maxWarmupS) and lasts durationS.
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let warmupCapped = false;
  let held: HeldTracker | null = null;
  let cpuAtWindow: NodeJS.CpuUsage | null = null;
  let stopLoad: (() => void) | null = null;
  let stopTimer: NodeJS.Timeout | null = null;
  const answered = new Set<unknown>();
  const inWindow = (t: number) => t >= windowStart;
  const phaseMs = (spec.burstPeriodMs ?? 0) / 2;
  const openWindow = (now: number, capped: boolean) => {
    windowStart = now + phaseMs;
    windowEnd = windowStart + spec.durationS * 1000;
    warmupCapped = capped;
    held = new HeldTracker(windowStart, windowEnd);
    stopTimer = setTimeout(() => stopLoad?.(), phaseMs + spec.durationS * 1000);
    const begin = () => {
      cpuAtWindow = process.cpuUsage();
      openPeak = open;
      spec.onWindowOpen?.();
    };
    if (phaseMs > 0) setTimeout(begin, phaseMs);
    else begin();
  };
  const maybeOpenWindow = (now: number) => {
    if (windowStart !== Infinity || now < t0 + spec.warmupS * 1000) return;
    if (answered.size >= spec.connections) openWindow(now, false);
    else if (now >= t0 + maxWarmupS * 1000) openWindow(now, true);
  };
  const base = new URL(spec.baseUrl);

  const setupClient = (raw: unknown) => {
    const client = raw as AutocannonClient;
    // Per-connection state (e.g. the last long-poll event seen). autocannon resets its own request
    // context on every wrap of a one-request list, so the state lives in this closure instead.
    const state: Record<string, unknown> = {};
    let lastCheck: { ok: boolean; facts?: Record<string, number | null>; status: number } | null = null;
    // A server that answers `Connection: close` (gunicorn's sync worker) closes the socket after
    // each response. autocannon would write the next request on that dying socket, then reconnect
    // on both its 'end' and 'error', queueing phantom requests whose start times poison latency
    // (measured: p50 1230 ms for a 100 ms endpoint). Instead, open a fresh connection before the
    // next request: its latency then includes the reconnect, as it does for a real client.
    let serverClosing = false;
    const doRequest = client._doRequest.bind(client);
    client._doRequest = (...args: unknown[]) => {
      if (serverClosing) {
        serverClosing = false;
        client._resetConnection();
        return;
      }
      doRequest(...args);
    };
    client.setRequests([
      {
        setupRequest: (req: Record<string, unknown>) => {
          const r = scenario.request(params, state);
          return { ...req, method: r.method, path: r.path, headers: { ...(r.headers ?? {}) }, body: r.body };
        },
        onResponse: (status: number, body: string, _ctx: unknown, headers: Record<string, unknown>) => {
          const conn = headerValue(headers, 'connection');
          if (conn === 'close') {
            closeSeen = true;
            serverClosing = true;
          } else keepAliveSeen = true;
          if (status < 200 || status >= 300) {
            lastCheck = { ok: false, status };
            return;
          }
          const res = scenario.check(status, body, params, state);
          lastCheck = res.ok ? { ok: true, facts: res.facts, status } : { ok: false, status };
          if (!res.ok && failureExamples.length < 3) failureExamples.push(res.reason);
        },
      },
    ]);
    client.on('response', (_status, _bytes, duration) => {
      const now = performance.now();
      const c = lastCheck;
      lastCheck = null;
      answered.add(client);
      maybeOpenWindow(now);
      if (!c) return;
      // A long-poll answer belongs to the moment its event fired, not to when it arrived: under
      // load one burst's answers spread over many ms and would straddle the window's edges.
      const fired = c.ok ? c.facts?.firedAtMs : undefined;
      const at = typeof fired === 'number' ? fired - performance.timeOrigin : now;
      if (!inWindow(at) || at > windowEnd) return;
      if (c.status < 200 || c.status >= 300) {
        counts.non2xx++;
        return;
      }
      if (!c.ok) {
        counts.verifyFailed++;
        return;
      }
      counts.ok++;
      const ms = duration as number;
      latency.record(ms);
      const f = c.facts ?? {};
      if (typeof f.pid === 'number') pids.add(f.pid);
      if (typeof f.serverMs === 'number') {
        serverMs.record(f.serverMs);
        queueSum += Math.max(0, ms - f.serverMs);
        queueN++;
        held?.add(now - f.serverMs, now);
      }
      if (typeof f.firedAtMs === 'number') lagMs.record(Math.max(0, performance.timeOrigin + now - f.firedAtMs));
      if (typeof f.missed === 'number') missedEvents += f.missed;
      if (f.timedOut === 1) timedOut++;
    });
    client.on('timeout', () => {
      if (inWindow(performance.now())) counts.timeouts++;
    });
    client.on('connError', () => {
      if (inWindow(performance.now())) counts.connErrors++;
    });
    // Count sockets actually open: autocannon reconnects silently, so hook its connect.
    const connect = client._connect.bind(client);
    client._connect = () => {
      connect();
      client.conn?.once('connect', () => {
        open++;
        if (inWindow(performance.now())) openPeak = Math.max(openPeak, open);
      });
      client.conn?.once('close', () => {
        open--;
      });
    };
  };

  return new Promise((resolve, reject) => {
    let aborted = false;
    const instance = autocannon(
      {
        url: base.origin,
        connections: spec.connections,
        duration: totalS,
        timeout: spec.timeoutS,
        pipelining: 1,
        setupClient,
        skipAggregateResult: true,
      } as autocannon.Options,
      (err) => {
        clearInterval(ticker);
        if (stopTimer) clearTimeout(stopTimer);
        spec.signal?.removeEventListener('abort', onAbort);
        if (err) return reject(err);
        if (windowStart === Infinity) openWindow(performance.now(), true);
        const end = Math.min(performance.now(), windowEnd);
        windowEnd = end;
        const windowS = Math.max(0, (end - windowStart) / 1000);
        const cpu = cpuAtWindow ? process.cpuUsage(cpuAtWindow) : null;
        const heldStats = held ? (held as HeldTracker).result(end) : { peak: 0, mean: 0 };
        resolve({
          counts,
          latency,
          windowS,
          serverMs,
          queueMsMean: queueN > 0 ? queueSum / queueN : null,
          pids,
          connectionsOpenPeak: Math.max(openPeak, open),
          keepAlive: closeSeen ? false : keepAliveSeen ? true : null,
          lagMs,
          missedEvents,
          timedOut,
          heldPeak: heldStats.peak,
          heldMean: heldStats.mean,
          loadGenCpuPct: cpu && windowS > 0 ? ((cpu.user + cpu.system) / 1e6 / windowS) * 100 : null,
          aborted,
          warmupS: Math.min(windowStart, end) / 1000 - t0 / 1000,
          warmupCapped,
          failureExamples,
        });
      },
    );
    stopLoad = () => (instance as unknown as { stop(): void }).stop();
    const ticker = setInterval(() => {
      const now = performance.now();
      maybeOpenWindow(now);
      const inW = windowStart !== Infinity;
      spec.onTick?.({
        elapsedS: inW ? spec.warmupS + (now - windowStart) / 1000 : Math.min((now - t0) / 1000, spec.warmupS),
        totalS: spec.warmupS + spec.durationS,
        ok: counts.ok,
        failed: counts.non2xx + counts.timeouts + counts.connErrors + counts.verifyFailed,
      });
    }, 250);
    const onAbort = () => {
      aborted = true;
      stopLoad?.();
    };
    if (spec.signal?.aborted) onAbort();
    else spec.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return String(Array.isArray(v) ? v[0] : v).toLowerCase();
  }
  return undefined;
}
