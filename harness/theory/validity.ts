// Validity rules: each looks at one cell's figures and says, with those figures, why the cell
// cannot be trusted (error) or should be read with care (warning). Pure, so each rule is tested
// with hand-made figures that must trip it and real ones that must not.
//
// Little's-law residual: a warning, not an error. A large residual says throughput, latency and
// connections disagree, but not which figure is wrong; the rules that can say (ceiling, latency
// floor, load generator, connections) are errors. It is skipped when more than 1% of requests
// failed: timeouts hold a connection without adding to throughput or to the mean latency, so
// they alone can explain the gap, and error-rate already invalidates that cell.
//
// verify-failed fires on any failed check, even alongside error-rate: a wrong body is a
// correctness bug in the server, a different cause from overload, and must not hide in a total.
import type { RequestCounts, ValidityIssue } from '../types.js';
import { expectedOpenRps, littleResidual } from './ceiling.js';
import { overloadEvidence, QUEUE_LIMITS } from './queue-growth.js';

export interface ValidityInput {
  rps: number;
  ceilingRps: number | null;
  p50Ms: number | null;
  meanMs: number | null;
  /** Least latency a correct server can show (the injected delay); null when there is none. */
  floorMs: number | null;
  connections: number;
  counts: RequestCounts;
  loadGenCpuPct: number | null;
  connectionsOpened: number;
  /** Worker processes the cell asked for (null: unknown), and how many distinct ones answered (0: the server names none). */
  workers?: number | null;
  workerPids?: number;
  /** Most processes the server's process tree had at once (null: not sampled): for servers that name no pid. */
  processes?: number | null;
  /** Keep-alive connections per answering pid (null: unknown, or the server closed connections). */
  connectionsByPid?: Record<string, number> | null;
  keepAlive?: boolean | null;
  /** Server processes that vanished or appeared during the cell (a worker restarted). */
  pidsChanged: boolean;
  /** Optional detail for the message: which pids vanished and which appeared. */
  pidsVanished?: number[];
  pidsAppeared?: number[];
  /** True when latency figures reflect a queue that had not reached steady state (warm-up capped). */
  warmupCapped?: boolean;
  /** Optional detail for the warmup-capped message: the cap, and one queue turnover (C ÷ ceiling), seconds. */
  warmupCapS?: number;
  queueTurnoverS?: number | null;
  /** Event-loop delay p99 of the most delayed generator worker, ms. */
  loadGenEventLoopDelayP99Ms?: number | null;
  /** Requests still in flight when the window closed, the oldest one's age, and the longest measured latency. */
  unfinished?: { count: number; oldestMs: number | null };
  maxMs?: number | null;
  /**
   * Open model only: the asked arrival rate, arrivals dropped at --max-inflight, and sends that left
   * late. `connections` is then the bound on requests in flight, not a population of clients, so
   * the closed-loop rules about connections (Little's law with C, connections-short) do not apply.
   */
  open?: {
    ratePerS: number;
    dropped: number;
    lateSends: number;
    /** Arrivals the schedule put inside the window (sent or dropped); null or absent when the engine cannot say. */
    arrivals?: number | null;
    /** p50 of the verified latencies arriving in each third of the window; null or absent when the engine kept none. */
    latencyP50ByThirdMs?: Array<number | null> | null;
  };
}

export const LIMITS = {
  ceilingTolerance: 1.05,
  littleResidual: 0.2,
  errorRate: 0.01,
  loadGenCpuPct: 90,
  /** An unfinished request this many times older than the slowest measured one hides the tail. */
  unfinishedTail: 1.25,
  /** A generator whose event loop lags this much, and by more than loadGenDelayShare of p50, sends and times late. */
  loadGenEventLoopDelayMs: 25,
  loadGenDelayShare: 0.05,
  /** Open model: share of arrivals that may leave late before the offered load is not what was asked. */
  lateSendShare: 0.01,
  /** Open model: below this share of the expected rate (min(rate, ceiling)) the server fell behind. */
  openRateShare: 0.9,
  /** Open model: when a queue is growing (theory/queue-growth.ts). */
  ...QUEUE_LIMITS,
  /** Timers may fire a fraction of a millisecond early; below this share of the delay is impossible. */
  floorTolerance: 0.99,
  /** workers-uneven: the busiest worker holds more than this many times the connections of the least busy one… */
  unevenSplit: 2,
  /** …with at least this many connections per worker on average (fewer cannot split evenly). */
  unevenMinPerWorker: 2,
  /** …and the split must cover this share of the connections (a connection names its worker only through a verified answer). */
  unevenCoverage: 0.9,
} as const;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f1 = (x: number) => x.toFixed(1);

type Rule = (i: ValidityInput) => ValidityIssue | null;

const failed = (c: RequestCounts) => c.non2xx + c.timeouts + c.connErrors + c.verifyFailed;
const total = (c: RequestCounts) => c.ok + failed(c);
const errorShare = (c: RequestCounts) => (total(c) > 0 ? failed(c) / total(c) : 0);
const pidList = (label: string, pids: number[] | undefined) => (pids?.length ? `; ${label} ${pids.join(', ')}` : '');

export const RULES: Record<string, Rule> = {
  'latency-below-delay': (i) =>
    i.floorMs !== null && i.p50Ms !== null && i.p50Ms < i.floorMs * LIMITS.floorTolerance
      ? {
          code: 'latency-below-delay',
          severity: 'error',
          message: `p50 ${f1(i.p50Ms)} ms is below the injected delay of ${f1(i.floorMs)} ms: the server answered before doing the work`,
        }
      : null,
  'throughput-above-ceiling': (i) =>
    i.ceilingRps !== null && i.rps > i.ceilingRps * LIMITS.ceilingTolerance
      ? {
          code: 'throughput-above-ceiling',
          severity: 'error',
          message: `${f1(i.rps)} req/s is above the Little's-law ceiling of ${f1(i.ceilingRps)} req/s (+5%): the model or the delay is not what the target declares`,
        }
      : null,
  'littles-law-residual': (i) => {
    if (i.open) return null; // open model: connections bound the requests in flight, they are not a population
    if (i.meanMs === null || errorShare(i.counts) > LIMITS.errorRate) return null; // errors explain it; that rule reports them
    const residual = littleResidual(i.connections, i.rps, i.meanMs);
    if (residual === null || residual <= LIMITS.littleResidual) return null;
    const why = i.warmupCapped
      ? 'the queue had not reached steady state when measuring began (warm-up hit its cap), so latency is understated'
      : 'connections were idle or requests were not all in flight';
    return {
      code: 'littles-law-residual',
      severity: 'warning',
      message: `Little's law is off by ${pct(residual)}: ${i.connections} connections vs ${f1(i.rps)} req/s × ${f1(i.meanMs)} ms = ${f1((i.rps * i.meanMs) / 1000)} in flight; ${why}`,
    };
  },
  'error-rate': (i) => {
    const share = errorShare(i.counts);
    if (share <= LIMITS.errorRate) return null;
    const c = i.counts;
    return {
      code: 'error-rate',
      severity: 'error',
      message: `error rate ${pct(share)} is above 1% (non-2xx ${c.non2xx}, timeouts ${c.timeouts}, connection errors ${c.connErrors}, failed checks ${c.verifyFailed}, ok ${c.ok})`,
    };
  },
  'verify-failed': (i) =>
    i.counts.verifyFailed > 0
      ? {
          code: 'verify-failed',
          severity: 'error',
          message: `${i.counts.verifyFailed} response${i.counts.verifyFailed > 1 ? 's' : ''} of ${total(i.counts)} failed the body check: the server answered, but wrongly`,
        }
      : null,
  'loadgen-limited': (i) => {
    const cpu = i.loadGenCpuPct !== null && i.loadGenCpuPct > LIMITS.loadGenCpuPct;
    const d = i.loadGenEventLoopDelayP99Ms ?? null;
    // Delay matters against the latency it distorts: 30 ms on a 5 s queue is noise, on a 2 ms answer it is the figure.
    const delayed = d !== null && d > LIMITS.loadGenEventLoopDelayMs && (i.p50Ms === null || d > i.p50Ms * LIMITS.loadGenDelayShare);
    if (!cpu && !delayed) return null;
    const why = [
      cpu ? `used ${f1(i.loadGenCpuPct as number)}% of a core in its busiest worker (above 90%)` : '',
      delayed
        ? `had an event-loop delay p99 of ${f1(d as number)} ms (above 25 ms and 5% of p50${i.p50Ms !== null ? ` ${f1(i.p50Ms)} ms` : ''}), so it sent and timed requests late`
        : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return { code: 'loadgen-limited', severity: 'error', message: `the load generator ${why}: it, not the server, may be the bottleneck` };
  },
  'warmup-capped': (i) => {
    if (!i.warmupCapped) return null;
    const cap = i.warmupCapS !== undefined ? ` of ${f1(i.warmupCapS)} s` : '';
    const turn = i.queueTurnoverS ? ` (one turn of the queue, connections ÷ ceiling, is ${f1(i.queueTurnoverS)} s)` : '';
    return {
      code: 'warmup-capped',
      severity: 'error',
      message: `the warm-up hit its cap${cap} before every connection had an answer${turn}: the queue had not turned over, so latency is not at steady state`,
    };
  },
  // Requests in flight at the window's end are in no figure. When the oldest of them is well past
  // every measured latency (a quarter more: at steady state one in-flight request is often a hair
  // older than the slowest completed one), the tail they would add is missing from p99 and max.
  'latency-tail-unfinished': (i) => {
    const u = i.unfinished;
    if (!u || u.count === 0 || u.oldestMs === null || i.maxMs === null || i.maxMs === undefined || u.oldestMs <= i.maxMs * LIMITS.unfinishedTail) return null;
    return {
      code: 'latency-tail-unfinished',
      severity: 'warning',
      message: `${u.count} request${u.count > 1 ? 's were' : ' was'} still in flight when the window closed, the oldest ${f1(u.oldestMs)} ms old, longer than any measured latency (max ${f1(i.maxMs)} ms): the tail is understated`,
    };
  },
  'connections-short': (i) =>
    !i.open && i.connectionsOpened < i.connections
      ? { code: 'connections-short', severity: 'error', message: `only ${i.connectionsOpened} of ${i.connections} connections were open at once` }
      : null,
  // A shared listening socket accepted in bursts (an asyncio or libuv accept loop takes every
  // connection waiting) can leave workers with no connection for the whole cell: its figures are
  // then those of fewer workers than its label says. Real, so a warning, not an error.
  'workers-idle': (i) =>
    !i.open && i.workers && i.workerPids && i.workers > 1 && i.workerPids < i.workers && i.connections >= i.workers
      ? {
          code: 'workers-idle',
          severity: 'warning',
          message: `only ${i.workerPids} of ${i.workers} worker processes answered a request: the ${i.connections} connections did not spread over every worker (a shared listening socket that one worker drained in a burst of accepts), so these figures are ${i.workerPids === 1 ? "one worker's" : `${i.workerPids} workers'`} capacity`,
        }
      : null,
  // Keep-alive connections stay with the worker that accepted them: a split of 7 and 57 over two
  // workers runs one of them at 8× the other's queue (issue 23: TechEmpower's sync runs varied 2×
  // with the split). Uneven: max/min share above 2, with at least 2 connections per worker on average.
  'workers-uneven': (i) => {
    const split = Object.values(i.connectionsByPid ?? {});
    if (i.open || i.keepAlive === false || !i.workers || i.workers < 2 || split.length < 2) return null;
    if (i.connections / i.workers < LIMITS.unevenMinPerWorker) return null;
    // Only connections with a verified answer name their worker: a split of a few of them says little.
    if (split.reduce((a, b) => a + b, 0) < i.connections * LIMITS.unevenCoverage) return null;
    const [lo, hi] = [Math.min(...split), Math.max(...split)];
    if (hi / lo <= LIMITS.unevenSplit) return null;
    return {
      code: 'workers-uneven',
      severity: 'warning',
      message: `the ${i.connections} keep-alive connections split unevenly over the worker processes (${[...split].sort((a, b) => a - b).join(' / ')}; the busiest has ${f1(hi / lo)}× the least busy, above ${LIMITS.unevenSplit}×): each connection stays with the worker that accepted it, so these figures depend on how the connections landed`,
    };
  },
  // A command that ignores {workers} runs fewer processes than its label says; a server that names
  // no pid (most apps) cannot be caught by workers-idle, but its process tree can.
  'workers-missing': (i) =>
    !i.open && i.workers && i.workers > 1 && !i.workerPids && typeof i.processes === 'number' && i.processes < i.workers
      ? {
          code: 'workers-missing',
          severity: 'warning',
          message: `${i.workers} workers were asked for, but the server's process tree had ${i.processes} process${i.processes === 1 ? '' : 'es'} during the cell: the command may ignore {workers} (pass it to the server's workers option), so these figures are those of fewer workers than the label says`,
        }
      : null,
  'worker-restarted': (i) =>
    i.pidsChanged || i.pidsVanished?.length || i.pidsAppeared?.length
      ? {
          code: 'worker-restarted',
          severity: 'error',
          message: `the server restarted a worker during the cell (its process ids changed${pidList('gone:', i.pidsVanished)}${pidList('new:', i.pidsAppeared)})`,
        }
      : null,
};

/** Arrivals of an open-model window: every answered, failed or dropped request. */
const arrivals = (i: ValidityInput) => total(i.counts) + (i.open?.dropped ?? 0);

// Open-model rules. Dropped arrivals are requests the server never got to: like errors, a cell
// with any is invalid, and a capacity search never reports its rate. Late sends mean the generator
// fell behind its own schedule, so part of the latency it measured is its own: a warning, because
// latency counts from the scheduled time and so errs towards a slower server, never a faster one
// (a timer 5 ms late is common on 2 shared cores; measured: 1 of 13 sends at 10 req/s). A
// generator that is really behind trips loadgen-limited through its event-loop delay.
export const OPEN_RULES: Record<string, Rule> = {
  // Above capacity an open-model queue grows for as long as the cell runs, so p50 and p99 grow with
  // the window (measured: 100 req/s on a server that does 50, p99 1,664 ms in a 2 s window and
  // 3,858 ms in 6 s, with no flag): they describe the run's length, not the server. A FIFO queue
  // never leaves an unfinished request much older than the last answered one, so the tail rule
  // cannot see it; the queue itself can (sent − answered, and latency rising across the window).
  'open-overloaded': (i) => {
    const why = overloadEvidence(i, LIMITS.ceilingTolerance);
    return why
      ? {
          code: 'open-overloaded',
          severity: 'error',
          message: `${why}: the server did not keep up with ${f1(i.open?.ratePerS ?? 0)} req/s, so its percentiles depend on how long the run was, not on the server`,
        }
      : null;
  },
  'open-dropped': (i) =>
    i.open && i.open.dropped > 0
      ? {
          code: 'open-dropped',
          severity: 'error',
          message: `${i.open.dropped} of ${arrivals(i)} arrivals were dropped because ${i.connections} requests were already in flight (--max-inflight): the server did not keep up with ${f1(i.open.ratePerS)} req/s`,
        }
      : null,
  'open-late-sends': (i) => {
    // Answers in the window can be fewer than the sends scheduled in it (a server that queues).
    const sent = Math.max(arrivals(i), i.open?.lateSends ?? 0);
    return i.open && sent > 0 && i.open.lateSends / sent > LIMITS.lateSendShare
      ? {
          code: 'open-late-sends',
          severity: 'warning',
          message: `the load generator sent ${i.open.lateSends} of at least ${sent} requests more than 5 ms after their scheduled time (${pct(i.open.lateSends / sent)}, above 1%); latency counts from the scheduled time, so this adds to latency and can only understate capacity`,
        }
      : null;
  },
  'open-rate-short': (i) => {
    if (!i.open) return null;
    const expected = expectedOpenRps(i.open.ratePerS, i.ceilingRps);
    return i.rps < expected * LIMITS.openRateShare
      ? {
          code: 'open-rate-short',
          severity: 'warning',
          message: `${f1(i.rps)} req/s served of ${f1(i.open.ratePerS)} req/s asked (theory expects ${f1(expected)}): requests queued faster than the server answered them`,
        }
      : null;
  },
};

/** Every rule's issue for this cell, in RULES order; empty for a clean cell. */
export function checkValidity(input: ValidityInput): ValidityIssue[] {
  return [...Object.values(RULES), ...Object.values(OPEN_RULES)].flatMap((rule) => rule(input) ?? []);
}

/** Every code a cell's validity list can hold: fixtures and scripts take them from here (issue 16). */
export function validityCodes(): string[] {
  return [...Object.keys(RULES), ...Object.keys(OPEN_RULES)];
}

/** A cell is valid when no issue is an error; warnings are shown but do not invalidate it. */
export function isValid(issues: readonly ValidityIssue[]): boolean {
  return !issues.some((v) => v.severity === 'error');
}
