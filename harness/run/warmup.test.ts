// The warm-up cap scales with one turn of the cell's queue (connections ÷ ceiling), within bounds.
import { describe, expect, it } from 'vitest';
import { plannedCell, scenario, target } from '../testing/planned-cells.js';
import { expectedWarmupS, queueTurnoverS, WARMUP_BOUND_S, warmupCapS } from './warmup.js';

const cell = plannedCell;

describe('queue turnover', () => {
  it('is connections ÷ ceiling: 10 s for 100 connections on one sync worker at 100 ms, 0.1 s async', () => {
    expect(queueTurnoverS(target('node-sync'), scenario('sleep'), cell({}))).toBeCloseTo(10);
    expect(queueTurnoverS(target('django-wsgi-sync'), scenario('db'), cell({ scenario: 'db', workers: 2, params: { rows: 20, delay_ms: 50 } }))).toBeCloseTo(
      2.5,
    );
    expect(queueTurnoverS(target('node-async'), scenario('sleep'), cell({ target: 'node-async' }))).toBeCloseTo(0.1);
  });

  it('is one period for long-poll whatever the model: a sync worker sweeps its queue once the event fires', () => {
    const lp = cell({ scenario: 'longpoll', params: { period_ms: 500, timeout_ms: 30_000 } });
    expect(queueTurnoverS(target('node-sync'), scenario('longpoll'), lp)).toBeCloseTo(0.5);
    expect(queueTurnoverS(target('django-wsgi-sync'), scenario('longpoll'), { ...lp, target: 'django-wsgi-sync' })).toBeCloseTo(0.5);
  });
});

describe('warm-up cap', () => {
  it('is 1.5 turnovers + 1 s, at least --warmup, at most the bound and the request timeout', () => {
    expect(warmupCapS(1, 30, 10)).toBeCloseTo(16);
    expect(warmupCapS(1, 30, 0.1)).toBeCloseTo(1.15);
    expect(warmupCapS(5, 30, 0.1)).toBe(5);
    expect(warmupCapS(1, 120, 100)).toBe(WARMUP_BOUND_S);
    expect(warmupCapS(1, 20, 100)).toBe(20);
    // Unknown ceiling (own scenario without a delay): the old fixed 10 s.
    expect(warmupCapS(1, 30, null)).toBe(10);
  });

  it('expects a cell to use one turnover, or --warmup when that is longer (what the ETA counts)', () => {
    expect(expectedWarmupS({ warmupS: 1, timeoutS: 30 }, 10)).toBeCloseTo(10);
    expect(expectedWarmupS({ warmupS: 1, timeoutS: 30 }, 0.5)).toBe(1);
    expect(expectedWarmupS({ warmupS: 1, timeoutS: 30 }, 500)).toBe(30);
  });
});
