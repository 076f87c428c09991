import { describe, expect, it } from 'vitest';
import { checkValidity, isValid, RULES, type ValidityInput } from './validity.js';

const ok = (n: number) => ({ ok: n, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 });
const base = { loadGenCpuPct: 31.5, pidsChanged: false };

// Realistic clean cells (2-core machine, default scenarios): each must trip no rule.
const CLEAN: Record<string, ValidityInput> = {
  'node-async sleep 100 ms, 50 connections': {
    ...base,
    rps: 480.4,
    ceilingRps: 500,
    p50Ms: 102,
    meanMs: 103.1,
    floorMs: 100,
    connections: 50,
    counts: ok(2402),
    connectionsOpened: 50,
  },
  'gunicorn sync 2 workers, sleep 100 ms, 50 connections (saturated, queue at steady state)': {
    ...base,
    rps: 19.6,
    ceilingRps: 20,
    p50Ms: 2500,
    meanMs: 2530,
    floorMs: 100,
    connections: 50,
    counts: ok(98),
    connectionsOpened: 50,
    loadGenCpuPct: 3.2,
  },
  'node-async db 50 ms, pool 4 × 2 workers, 50 connections': {
    ...base,
    rps: 152.3,
    ceilingRps: 160,
    p50Ms: 327,
    meanMs: 326.4,
    floorMs: 50,
    connections: 50,
    counts: ok(761),
    connectionsOpened: 50,
  },
  'a few timeouts (0.5%), residual still fine': {
    ...base,
    rps: 470,
    ceilingRps: 500,
    p50Ms: 103,
    meanMs: 105,
    floorMs: 100,
    connections: 50,
    counts: { ok: 2350, non2xx: 0, timeouts: 12, connErrors: 0, verifyFailed: 0 },
    connectionsOpened: 50,
  },
  'own app without a delay: no floor, no ceiling': {
    ...base,
    rps: 8123,
    ceilingRps: null,
    p50Ms: 1.1,
    meanMs: 1.2,
    floorMs: null,
    connections: 10,
    counts: ok(40615),
    connectionsOpened: 10,
    loadGenCpuPct: 88,
  },
};

/** Per rule: figures that must trip it (applied to the first clean cell), and what its message must say. */
const TRIPS: Record<string, { figures: Partial<ValidityInput>; message: RegExp; severity: 'error' | 'warning' }> = {
  'latency-below-delay': { figures: { p50Ms: 41.2 }, message: /p50 41\.2 ms is below the injected delay of 100\.0 ms/, severity: 'error' },
  'throughput-above-ceiling': { figures: { rps: 530, meanMs: 94 }, message: /530\.0 req\/s is above the Little's-law ceiling of 500\.0/, severity: 'error' },
  'littles-law-residual': {
    figures: { meanMs: 50 },
    message: /Little's law is off by 52\.0%: 50 connections vs 480\.4 req\/s × 50\.0 ms = 24\.0 in flight/,
    severity: 'warning',
  },
  'error-rate': {
    figures: { counts: { ok: 900, non2xx: 50, timeouts: 30, connErrors: 20, verifyFailed: 0 } },
    message: /error rate 10\.0% is above 1% \(non-2xx 50, timeouts 30, connection errors 20, failed checks 0, ok 900\)/,
    severity: 'error',
  },
  'verify-failed': { figures: { counts: { ...ok(2402), verifyFailed: 3 } }, message: /3 responses of 2405 failed the body check/, severity: 'error' },
  'loadgen-limited': { figures: { loadGenCpuPct: 97.3 }, message: /load generator used 97\.3% of a core/, severity: 'error' },
  'warmup-capped': {
    figures: { warmupCapped: true, warmupCapS: 16, queueTurnoverS: 10 },
    message: /warm-up hit its cap of 16\.0 s before every connection had an answer \(one turn of the queue, connections ÷ ceiling, is 10\.0 s\)/,
    severity: 'error',
  },
  'latency-tail-unfinished': {
    figures: { unfinished: { count: 3, oldestMs: 16_000 }, maxMs: 10_100 },
    message: /3 requests were still in flight when the window closed, the oldest 16000\.0 ms old, longer than any measured latency \(max 10100\.0 ms\)/,
    severity: 'warning',
  },
  'connections-short': { figures: { connectionsOpened: 37 }, message: /only 37 of 50 connections were open/, severity: 'error' },
  // Measured: django-hypercorn (asyncio worker class), 2 workers, 100 connections: one pid answered.
  'workers-idle': {
    figures: { workers: 2, workerPids: 1, connections: 100 },
    message: /only 1 of 2 worker processes answered a request: the 100 connections did not spread .* one worker's capacity/,
    severity: 'warning',
  },
  'workers-uneven': {
    // TechEmpower's sync run (issue 23): 64 keep-alive connections over 2 workers as 7 and 57.
    figures: { workers: 2, workerPids: 2, connections: 64, keepAlive: true, connectionsByPid: { '4101': 7, '4102': 57 } },
    message: /the 64 keep-alive connections split unevenly over the worker processes \(7 \/ 57; the busiest has 8\.1× the least busy, above 2×\)/,
    severity: 'warning',
  },
  'workers-missing': {
    figures: { workers: 4, workerPids: 0, processes: 1, connections: 50 },
    message: /4 workers were asked for, but the server's process tree had 1 process during the cell: the command may ignore \{workers\}/,
    severity: 'warning',
  },
  'worker-restarted': {
    figures: { pidsChanged: true, pidsVanished: [4101], pidsAppeared: [4188] },
    message: /restarted a worker .*gone: 4101; new: 4188/,
    severity: 'error',
  },
};

const clean = CLEAN['node-async sleep 100 ms, 50 connections'] as ValidityInput;
const codes = (i: Partial<ValidityInput>) => checkValidity({ ...clean, ...i }).map((v) => v.code);

describe('validity rules', () => {
  it('every rule has a tripping case here', () => {
    expect(Object.keys(TRIPS).sort()).toEqual(Object.keys(RULES).sort());
  });

  for (const [name, cell] of Object.entries(CLEAN)) {
    it(`trips nothing for a clean cell: ${name}`, () => {
      expect(checkValidity(cell)).toEqual([]);
      expect(isValid([])).toBe(true);
    });
  }

  for (const [code, t] of Object.entries(TRIPS)) {
    it(`${code}: trips on its figures, says them, and stays silent on every clean cell`, () => {
      const issue = checkValidity({ ...clean, ...t.figures }).find((v) => v.code === code);
      expect(issue, code).toBeDefined();
      expect(issue?.message).toMatch(t.message);
      expect(issue?.severity).toBe(t.severity);
      for (const cell of Object.values(CLEAN)) expect(RULES[code]?.(cell)).toBeNull();
    });
  }
});

describe('validity edges', () => {
  it('workers-idle needs as many connections as workers, and a server that names its pids', () => {
    const idle = (i: Partial<ValidityInput>) => RULES['workers-idle']?.({ ...clean, ...i })?.code ?? null;
    expect(idle({ workers: 4, workerPids: 2, connections: 3 })).toBeNull();
    expect(idle({ workers: 4, workerPids: 0, connections: 50 })).toBeNull();
    expect(idle({ workers: 4, workerPids: 4, connections: 50 })).toBeNull();
    expect(idle({ workers: null, workerPids: 1, connections: 50 })).toBeNull();
    expect(codes({ workers: 4, workerPids: 3, connections: 50 })).toEqual(['workers-idle']);
  });

  it('workers-uneven: an even split, too few connections per worker, or a server that closes connections is not uneven', () => {
    const uneven = (i: Partial<ValidityInput>) => RULES['workers-uneven']?.({ ...clean, workers: 2, keepAlive: true, connections: 64, ...i })?.code ?? null;
    expect(uneven({ connectionsByPid: { '1': 29, '2': 35 } })).toBeNull();
    expect(uneven({ connectionsByPid: { '1': 22, '2': 42 } })).toBeNull();
    expect(uneven({ connectionsByPid: { '1': 21, '2': 43 } })).toBe('workers-uneven');
    expect(uneven({ connectionsByPid: { '1': 1, '2': 3 }, connections: 3 })).toBeNull();
    expect(uneven({ connectionsByPid: { '1': 7, '2': 57 }, keepAlive: false })).toBeNull();
    expect(uneven({ connectionsByPid: { '1': 64 } })).toBeNull();
    // 37 of 200 connections had a verified answer (the rest failed): too few to call the split.
    expect(uneven({ connectionsByPid: { '1': 11, '2': 26 }, connections: 200 })).toBeNull();
  });

  it('workers-missing: only for a server that names no pid, with fewer processes than workers', () => {
    const missing = (i: Partial<ValidityInput>) => RULES['workers-missing']?.({ ...clean, workers: 4, connections: 50, ...i })?.code ?? null;
    expect(missing({ workerPids: 0, processes: 5 })).toBeNull();
    expect(missing({ workerPids: 0, processes: 4 })).toBeNull();
    expect(missing({ workerPids: 0, processes: 3 })).toBe('workers-missing');
    expect(missing({ workerPids: 2, processes: 1 })).toBeNull();
    expect(missing({ workerPids: 0, processes: null })).toBeNull();
    expect(missing({ workerPids: 0, processes: 1, workers: 1 })).toBeNull();
  });

  it('lets errors explain a Little-law residual instead of reporting both', () => {
    expect(codes({ meanMs: 50, counts: { ok: 100, non2xx: 0, timeouts: 50, connErrors: 0, verifyFailed: 0 } })).toEqual(['error-rate']);
  });

  it('reports a failed check even when the error rate is reported too', () => {
    expect(codes({ counts: { ok: 90, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 10 } })).toEqual(['error-rate', 'verify-failed']);
  });

  it('a capped warm-up is an error of its own, besides the residual warning that names it', () => {
    // node-sync sleep, 1 worker, 100 connections, old 10 s cap: p50 6.1 s where steady state is 10 s.
    const issues = checkValidity({
      ...clean,
      rps: 9.8,
      ceilingRps: 10,
      p50Ms: 6100,
      meanMs: 8300,
      connections: 100,
      connectionsOpened: 100,
      warmupCapped: true,
      warmupCapS: 10,
      queueTurnoverS: 10,
    });
    expect(issues.map((v) => v.code)).toEqual(['warmup-capped']);
    expect(isValid(issues)).toBe(false);
    const both = checkValidity({ ...clean, meanMs: 50, warmupCapped: true });
    expect(both.map((v) => v.code)).toEqual(['littles-law-residual', 'warmup-capped']);
    expect(both[0]?.message).toContain('warm-up hit its cap');
    expect(isValid(checkValidity({ ...clean, meanMs: 50 }))).toBe(true);
  });

  it('loadgen-limited fires on event-loop delay above 25 ms and above 5% of p50', () => {
    // clean cell p50 102 ms: 5% is 5.1 ms, so 25 ms is the bound that decides.
    expect(codes({ loadGenEventLoopDelayP99Ms: 25 })).toEqual([]);
    const issue = checkValidity({ ...clean, loadGenEventLoopDelayP99Ms: 41.3 }).find((v) => v.code === 'loadgen-limited');
    expect(issue?.message).toMatch(/event-loop delay p99 of 41\.3 ms \(above 25 ms and 5% of p50 102\.0 ms\)/);
    expect(issue?.severity).toBe('error');
    // A 5 s queue: 40 ms of delay is under 5% of p50, so it cannot distort the figure.
    expect(codes({ p50Ms: 5000, meanMs: 5000, rps: 10, ceilingRps: 10, floorMs: 100, loadGenEventLoopDelayP99Ms: 40 })).toEqual([]);
    expect(codes({ p50Ms: 5000, meanMs: 5000, rps: 10, ceilingRps: 10, floorMs: 100, loadGenEventLoopDelayP99Ms: 300 })).toEqual(['loadgen-limited']);
    // CPU and delay together: one issue that names both.
    const both = checkValidity({ ...clean, loadGenCpuPct: 97, loadGenEventLoopDelayP99Ms: 60 }).filter((v) => v.code === 'loadgen-limited');
    expect(both).toHaveLength(1);
    expect(both[0]?.message).toMatch(/97\.0% of a core .* and had an event-loop delay p99 of 60\.0 ms/);
    expect(codes({ loadGenEventLoopDelayP99Ms: null })).toEqual([]);
  });

  it('puts the boundaries where the design says: 5% over ceiling, 1% errors, 90% CPU, 0.2 residual', () => {
    expect(codes({ rps: 525 })).not.toContain('throughput-above-ceiling');
    expect(codes({ rps: 526, meanMs: 95 })).toContain('throughput-above-ceiling');
    expect(codes({ counts: { ...ok(990), timeouts: 10 } })).not.toContain('error-rate');
    expect(codes({ counts: { ...ok(989), timeouts: 11 } })).toContain('error-rate');
    expect(codes({ loadGenCpuPct: 90 })).toEqual([]);
    expect(codes({ meanMs: 83.5 })).toEqual([]); // residual 0.198
    expect(codes({ meanMs: 83 })).toEqual(['littles-law-residual']); // residual 0.203
    expect(codes({ p50Ms: 99.2 })).toEqual([]); // timers may fire a little early
  });

  it('has no latency floor where the scenario declares none, and no ceiling check without a ceiling', () => {
    expect(codes({ floorMs: null, p50Ms: 1 })).not.toContain('latency-below-delay');
    expect(codes({ ceilingRps: null, rps: 1e6, meanMs: 0.05 })).toEqual([]);
    expect(codes({ loadGenCpuPct: null, meanMs: null, p50Ms: null })).toEqual([]);
  });
});

describe('latency-tail-unfinished', () => {
  it('warns when a request still in flight at the window end is older than every measured latency', () => {
    const issues = checkValidity({ ...clean, unfinished: { count: 3, oldestMs: 16_000 }, maxMs: 10_100 });
    expect(issues.map((v) => v.code)).toEqual(['latency-tail-unfinished']);
    expect(issues[0]?.message).toMatch(/3 requests were still in flight .* 16000\.0 ms old, .*\(max 10100\.0 ms\)/);
    expect(isValid(issues)).toBe(true);
  });

  it('is quiet when the unfinished requests are no older than the measured tail, or there are none', () => {
    expect(codes({ unfinished: { count: 40, oldestMs: 9_000 }, maxMs: 10_100 })).toEqual([]);
    expect(codes({ unfinished: { count: 40, oldestMs: 12_600 }, maxMs: 10_100 })).toEqual([]); // within 1.25 × max
    expect(codes({ unfinished: { count: 0, oldestMs: null }, maxMs: 10_100 })).toEqual([]);
  });
});

describe('open-model validity (issue 12)', () => {
  const open = (o: Partial<ValidityInput> & { open: ValidityInput['open'] }): ValidityInput => ({
    rps: 100,
    ceilingRps: 100_000,
    p50Ms: 101,
    meanMs: 102,
    floorMs: 100,
    connections: 10_000,
    counts: { ok: 1000, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
    loadGenCpuPct: 10,
    connectionsOpened: 12,
    pidsChanged: false,
    ...o,
  });
  const codes = (i: ValidityInput) => checkValidity(i).map((v) => v.code);
  it('a server that keeps up is clean: no closed-loop rule fires on the in-flight bound', () => {
    expect(codes(open({ open: { ratePerS: 100, dropped: 0, lateSends: 0 } }))).toEqual([]);
  });
  it('dropped arrivals invalidate the cell; late sends and a short rate are warnings', () => {
    const i = open({ rps: 40, open: { ratePerS: 100, dropped: 5, lateSends: 50 } });
    expect(codes(i)).toEqual(['open-dropped', 'open-late-sends', 'open-rate-short']);
    expect(
      checkValidity(i)
        .filter((v) => v.severity === 'error')
        .map((v) => v.code),
    ).toEqual(['open-dropped']);
    expect(checkValidity(i).find((v) => v.code === 'open-dropped')?.message).toMatch(/5 of 1005 arrivals were dropped/);
  });
  it('expects min(rate, ceiling): a sync server at its ceiling is not short, but 50 req/s asked of a ceiling of 20 is overload', () => {
    expect(codes(open({ rps: 19.5, ceilingRps: 20, open: { ratePerS: 50, dropped: 0, lateSends: 0 } }))).toEqual(['open-overloaded']);
    expect(codes(open({ rps: 19.5, ceilingRps: 20, open: { ratePerS: 20, dropped: 0, lateSends: 0 } }))).toEqual([]);
  });
});
