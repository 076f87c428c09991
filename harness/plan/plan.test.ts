import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/index.js';
import { slotsFor } from './ceiling.js';
import { HeldTracker } from '../load/held.js';
import { countCells, planRun } from './plan.js';
import { cellKeyOf } from '../cell-key.js';
import { DEFAULT_MAX_INFLIGHT } from '../config/defaults.js';
import { testOptions } from '../testing/fixtures.js';
import type { LaunchedTargetDef, ResolvedOptions, TargetDef } from '../types.js';

const base: Omit<LaunchedTargetDef, 'name' | 'model'> = {
  kind: 'launch',
  description: '',
  command: ['x'],
  readiness: { path: '/health', timeoutMs: 1 },
  stop: { signal: 'SIGTERM', graceMs: 1 },
};
const targets: TargetDef[] = [
  { ...base, name: 'a', model: 'async', perWorkerLimit: { db: 4 } },
  { ...base, name: 's', model: 'sync-process' },
  { ...base, name: 't', model: 'sync-threads', threads: 4 },
  { kind: 'url', name: 'u', description: '', url: 'http://127.0.0.1:1', readiness: { path: '/', timeoutMs: 1 } },
];
const opts = (o: Partial<ResolvedOptions>): ResolvedOptions =>
  testOptions({
    targets: ['a', 's'],
    scenarios: ['sleep', 'db'],
    workers: [1, 2],
    connections: [10, 100],
    warmupS: 0,
    timeoutS: 5,
    readinessTimeoutS: 5,
    outDir: 'x',
    seed: 7,
    ...o,
  });

describe('planRun', () => {
  it('groups cells by launch so a server is reused across scenarios and connections', () => {
    const groups = planRun(opts({}), targets, builtinScenarios);
    expect(groups.map((g) => `${g.target}:${g.workers}`)).toEqual(['a:1', 'a:2', 's:1', 's:2']);
    expect(countCells(groups)).toBe(2 * 2 * 2 * 2);
    expect(groups[0]?.cells.map((c) => `${c.scenario}/${c.connections}`)).toEqual(['sleep/10', 'sleep/100', 'db/10', 'db/100']);
    expect(groups[0]?.cells[0]?.params).toEqual({ ms: 100 });
  });
  it('skips the worker sweep for a running server and shuffles rounds reproducibly with repeats', () => {
    const one = planRun(opts({ targets: ['u'] }), targets, builtinScenarios);
    expect(one.map((g) => g.workers)).toEqual([null]);
    const r1 = planRun(opts({ repeat: 3 }), targets, builtinScenarios);
    const r2 = planRun(opts({ repeat: 3 }), targets, builtinScenarios);
    expect(r1.map((g) => `${g.target}${g.workers}${g.repeat}`)).toEqual(r2.map((g) => `${g.target}${g.workers}${g.repeat}`));
    expect(r1.map((g) => g.repeat)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    const rounds = [1, 2, 3].map((r) =>
      r1
        .filter((g) => g.repeat === r)
        .map((g) => `${g.target}${g.workers}`)
        .join(),
    );
    expect(new Set(rounds).size).toBeGreaterThan(1);
  });
});

describe('planRun with --rate (open model)', () => {
  it('plans one open cell per rate, told apart from closed cells and from each other by its key', () => {
    const groups = planRun(opts({ connections: [10], rates: [50, 200], maxInflight: 500 }), targets, builtinScenarios);
    const cells = groups[0]?.cells ?? [];
    expect(cells.map((c) => `${c.scenario}/${c.load?.model ?? 'closed'}/${c.load?.model === 'open' ? c.load.ratePerS : c.connections}`)).toEqual([
      'sleep/closed/10',
      'sleep/open/50',
      'sleep/open/200',
      'db/closed/10',
      'db/open/50',
      'db/open/200',
    ]);
    // An open cell's connections are its bound on requests in flight, so its ceiling stays right.
    expect(cells[1]?.connections).toBe(500);
    expect(cells[1]?.load).toEqual({ model: 'open', ratePerS: 50, maxInflight: 500 });
    expect(new Set(cells.map(cellKeyOf)).size).toBe(cells.length);
    // A measured open cell has the same key as the planned one.
    const planned = cells[1] as NonNullable<(typeof cells)[number]>;
    expect(cellKeyOf({ ...planned, load: undefined, open: { ratePerS: 50 } })).toBe(cellKeyOf(planned));
  });
  it('defaults --max-inflight to 10,000 and plans no closed cells when connections is empty', () => {
    const groups = planRun(opts({ connections: [], rates: [20] }), targets, builtinScenarios);
    expect(groups[0]?.cells.map((c) => c.connections)).toEqual([DEFAULT_MAX_INFLIGHT, DEFAULT_MAX_INFLIGHT]);
    expect(DEFAULT_MAX_INFLIGHT).toBe(10_000);
  });
});

describe('slotsFor (the concurrency behind each ceiling)', () => {
  const cell = (scenario: string, workers: number, connections: number) => ({ target: '', scenario, workers, connections, repeat: 1, threads: 4, params: {} });
  it('async: connections, capped by a declared per-worker limit', () => {
    expect(slotsFor(targets[0] as TargetDef, cell('sleep', 2, 100))).toBe(100);
    expect(slotsFor(targets[0] as TargetDef, cell('db', 2, 100))).toBe(8);
    expect(slotsFor(targets[0] as TargetDef, cell('db', 2, 5))).toBe(5);
  });
  it('sync: workers, or workers × threads, never more than connections', () => {
    expect(slotsFor(targets[1] as TargetDef, cell('sleep', 4, 100))).toBe(4);
    expect(slotsFor(targets[2] as TargetDef, cell('sleep', 4, 100))).toBe(16);
    expect(slotsFor(targets[2] as TargetDef, cell('sleep', 4, 10))).toBe(10);
  });
  it('ceiling = slots ÷ delay', () => {
    const sleep = builtinScenarios.find((s) => s.id === 'sleep');
    expect(sleep?.ceilingRps?.({ connections: 100, slots: 4, params: { ms: 100 } })).toBeCloseTo(40);
  });
});

describe('HeldTracker', () => {
  const held = (intervals: Array<[number, number]>, from: number, to: number) => {
    const t = new HeldTracker(from, to, 1);
    for (const [a, b] of intervals) t.add(a, b);
    return t.result();
  };
  it('counts overlapping intervals inside the window, time-weighted', () => {
    expect(
      held(
        [
          [0, 10],
          [0, 10],
          [5, 10],
        ],
        0,
        10,
      ),
    ).toEqual({ peak: 3, mean: 2.5 });
    expect(
      held(
        [
          [0, 5],
          [5, 10],
        ],
        0,
        10,
      ),
    ).toEqual({ peak: 1, mean: 1 });
    expect(held([[-5, 5]], 0, 10)).toEqual({ peak: 1, mean: 0.5 });
    expect(held([], 0, 10)).toEqual({ peak: 0, mean: 0 });
  });
});

describe('measuredDuration', () => {
  it('rounds long-poll windows down to whole periods, and leaves other scenarios alone', async () => {
    const { measuredDuration } = await import('../load/window.js');
    const longpoll = builtinScenarios.find((s) => s.id === 'longpoll')!;
    const sleep = builtinScenarios.find((s) => s.id === 'sleep')!;
    const cell = (params: Record<string, number>) => ({ target: 't', scenario: 'x', workers: 1, connections: 1, repeat: 1, threads: null, params });
    expect(measuredDuration(longpoll, cell({ period_ms: 200 }).params, 1.5)).toBeCloseTo(1.4);
    expect(measuredDuration(longpoll, cell({ period_ms: 500 }).params, 3)).toBeCloseTo(3);
    expect(measuredDuration(longpoll, cell({ period_ms: 5000 }).params, 3)).toBeCloseTo(5);
    expect(measuredDuration(sleep, cell({ ms: 100 }).params, 1.5)).toBe(1.5);
  });
});
