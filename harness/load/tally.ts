// Counting and per-response facts for one generator worker's share of a cell, and the exact merge
// of several workers' tallies. A response counts when it ARRIVES inside the measured window (a
// window of whole periods, for bursty scenarios, then holds whole bursts whatever the model).
// Every figure here merges exactly: histograms by their buckets, sums by adding. Latency is also
// kept per third of the window, so that a queue that grew during it shows (theory/validity.ts,
// open-overloaded).
import type { FigureSpec, FigureSummary, RequestCounts, ScenarioDef } from '../types.js';
import { LatencyHistogram, type EncodedHistogram } from '../stats/histogram.js';
import { HeldTracker, type HeldWire } from './held.js';

/** One finished exchange, as a connection loop saw it. Times are epoch ms. */
export interface Exchange {
  arrivedAtMs: number;
  latencyMs: number;
  kind: 'response' | 'timeout' | 'connError';
  status?: number;
  /** The check's verdict for a 2xx response. */
  ok?: boolean;
  facts?: Record<string, number | number[] | null>;
  failure?: string;
  /** The server said `Connection: close`. */
  closed?: boolean;
  /** The generator worker's number for the connection it came on. */
  conn?: number;
}

export interface TallyWire {
  counts: RequestCounts;
  latency: EncodedHistogram;
  serverMs: EncodedHistogram;
  queueSum: number;
  queueN: number;
  held: HeldWire;
  pids: number[];
  closeSeen: boolean;
  keepAliveSeen: boolean;
  histFigures: Record<string, EncodedHistogram>;
  sumFigures: Record<string, number>;
  failureExamples: string[];
  /** Verified responses per server pid, and connections per pid (each by the pid that last answered it); absent from older wires. */
  requestsByPid?: Record<string, number>;
  connectionsByPid?: Record<string, number>;
  /** Verified latencies by the third of the window they arrived in; absent from engines that do not keep them (Locust). */
  thirds?: EncodedHistogram[];
}

export class Tally {
  readonly counts: RequestCounts = { ok: 0, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 };
  readonly latency = new LatencyHistogram();
  readonly serverMs = new LatencyHistogram();
  readonly pids = new Set<number>();
  readonly failureExamples: string[] = [];
  readonly held: HeldTracker;
  private queueSum = 0;
  private queueN = 0;
  private closeSeen = false;
  private keepAliveSeen = false;
  private readonly histFigures = new Map<string, LatencyHistogram>();
  private readonly sumFigures = new Map<string, number>();
  private readonly requestsByPid = new Map<number, number>();
  private readonly connPid = new Map<number, number>();
  /** Connections per pid from other workers' wires (their connection numbers are their own). */
  private readonly mergedConnections = new Map<number, number>();
  private thirds: LatencyHistogram[] | null = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()];

  constructor(
    readonly windowStartMs: number,
    readonly windowEndMs: number,
    private readonly figureSpecs: Record<string, FigureSpec> = {},
  ) {
    this.held = new HeldTracker(windowStartMs, windowEndMs);
    for (const [name, spec] of Object.entries(figureSpecs)) {
      if (spec.kind === 'histogram') this.histFigures.set(name, new LatencyHistogram());
      else this.sumFigures.set(name, 0);
    }
  }

  inWindow(atMs: number): boolean {
    return atMs >= this.windowStartMs && atMs < this.windowEndMs;
  }

  /** Counts one exchange if it arrived inside the window; returns whether it counted. */
  record(x: Exchange): boolean {
    if (x.kind === 'response') {
      if (x.closed) this.closeSeen = true;
      else this.keepAliveSeen = true;
    }
    if (!this.inWindow(x.arrivedAtMs)) return false;
    if (x.kind === 'timeout') this.counts.timeouts++;
    else if (x.kind === 'connError') this.counts.connErrors++;
    else if (x.status === undefined || x.status < 200 || x.status >= 300) this.counts.non2xx++;
    else if (!x.ok) {
      this.counts.verifyFailed++;
      if (x.failure && this.failureExamples.length < 3) this.failureExamples.push(x.failure);
    } else {
      this.counts.ok++;
      this.latency.record(x.latencyMs);
      this.thirds?.[this.thirdOf(x.arrivedAtMs)]?.record(x.latencyMs);
      this.addFacts(x);
    }
    return true;
  }

  private thirdOf(atMs: number): number {
    const span = this.windowEndMs - this.windowStartMs;
    return span > 0 ? Math.min(2, Math.max(0, Math.floor(((atMs - this.windowStartMs) * 3) / span))) : 0;
  }

  /** p50 of the verified latencies arriving in each third of the window (null: none arrived in it); null when a merged worker kept no thirds. */
  latencyP50ByThirdMs(): Array<number | null> | null {
    return this.thirds?.map((h) => (h.count > 0 ? h.percentileMs(50) : null)) ?? null;
  }

  private addFacts(x: Exchange): void {
    const f = x.facts;
    if (!f) return;
    if (typeof f.pid === 'number') {
      this.pids.add(f.pid);
      this.requestsByPid.set(f.pid, (this.requestsByPid.get(f.pid) ?? 0) + 1);
      if (x.conn !== undefined) this.connPid.set(x.conn, f.pid);
    }
    if (typeof f.serverMs === 'number') {
      this.serverMs.record(Math.max(0, f.serverMs));
      this.queueSum += Math.max(0, x.latencyMs - f.serverMs);
      this.queueN++;
      this.held.add(x.arrivedAtMs - f.serverMs, x.arrivedAtMs);
    }
    for (const [name, h] of this.histFigures) {
      const v = f[name];
      if (typeof v === 'number') h.record(Math.max(0, v));
      else if (Array.isArray(v)) for (const e of v) h.record(Math.max(0, e));
    }
    for (const [name, total] of this.sumFigures) {
      const v = f[name];
      if (typeof v === 'number') this.sumFigures.set(name, total + v);
    }
  }

  toWire(): TallyWire {
    return {
      counts: { ...this.counts },
      latency: this.latency.encode(),
      serverMs: this.serverMs.encode(),
      queueSum: this.queueSum,
      queueN: this.queueN,
      held: this.held.toWire(),
      pids: [...this.pids],
      closeSeen: this.closeSeen,
      keepAliveSeen: this.keepAliveSeen,
      histFigures: Object.fromEntries([...this.histFigures].map(([k, h]) => [k, h.encode()])),
      sumFigures: Object.fromEntries(this.sumFigures),
      failureExamples: [...this.failureExamples],
      requestsByPid: Object.fromEntries(this.requestsByPid),
      connectionsByPid: this.connectionsByPid(),
      ...(this.thirds ? { thirds: this.thirds.map((h) => h.encode()) } : {}),
    };
  }

  /** How many connections each server pid answered last, this worker's and merged ones together. */
  connectionsByPid(): Record<string, number> {
    const out = new Map(this.mergedConnections);
    for (const pid of this.connPid.values()) out.set(pid, (out.get(pid) ?? 0) + 1);
    return Object.fromEntries(out);
  }

  /** Verified responses per server pid. */
  requestsPerPid(): Record<string, number> {
    return Object.fromEntries(this.requestsByPid);
  }

  /** Adds another worker's tally (same window) into this one. */
  mergeWire(w: TallyWire): this {
    for (const k of Object.keys(this.counts) as Array<keyof RequestCounts>) this.counts[k] += w.counts[k];
    this.latency.merge(LatencyHistogram.decode(w.latency));
    this.serverMs.merge(LatencyHistogram.decode(w.serverMs));
    this.queueSum += w.queueSum;
    this.queueN += w.queueN;
    this.held.mergeWire(w.held);
    for (const p of w.pids) this.pids.add(p);
    this.closeSeen ||= w.closeSeen;
    this.keepAliveSeen ||= w.keepAliveSeen;
    for (const [k, e] of Object.entries(w.histFigures)) this.histFigures.get(k)?.merge(LatencyHistogram.decode(e));
    for (const [k, v] of Object.entries(w.sumFigures)) if (this.sumFigures.has(k)) this.sumFigures.set(k, (this.sumFigures.get(k) ?? 0) + v);
    for (const f of w.failureExamples) if (this.failureExamples.length < 3) this.failureExamples.push(f);
    for (const [p, n] of Object.entries(w.requestsByPid ?? {})) this.requestsByPid.set(Number(p), (this.requestsByPid.get(Number(p)) ?? 0) + n);
    for (const [p, n] of Object.entries(w.connectionsByPid ?? {})) this.mergedConnections.set(Number(p), (this.mergedConnections.get(Number(p)) ?? 0) + n);
    // One worker without thirds (a Locust worker) leaves the merged tally without them: a part would mislead.
    if (!w.thirds) this.thirds = null;
    else this.thirds?.forEach((h, i) => h.merge(LatencyHistogram.decode(w.thirds?.[i] as EncodedHistogram)));
    return this;
  }

  get queueMsMean(): number | null {
    return this.queueN > 0 ? this.queueSum / this.queueN : null;
  }

  get keepAlive(): boolean | null {
    return this.closeSeen ? false : this.keepAliveSeen ? true : null;
  }

  figures(): Record<string, FigureSummary> {
    const out: Record<string, FigureSummary> = {};
    for (const [name, h] of this.histFigures) {
      const s = h.summary();
      out[name] = { kind: 'histogram', count: h.count, p50: s?.p50 ?? 0, p90: s?.p90 ?? 0, p99: s?.p99 ?? 0, max: s?.max ?? 0, mean: s?.mean ?? 0 };
    }
    for (const [name, total] of this.sumFigures) out[name] = { kind: 'sum', total };
    return out;
  }
}

/** A tally's figure specs, from the scenario's declared capability. */
export function figureSpecsOf(scenario: ScenarioDef): Record<string, FigureSpec> {
  return scenario.figures ?? {};
}
