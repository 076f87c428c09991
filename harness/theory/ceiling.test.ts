import { describe, expect, it } from 'vitest';
import { ceilingFromDelay, efficiency, littleResidual, slotsFor } from './ceiling.js';

describe('slotsFor', () => {
  it('follows the concurrency model', () => {
    expect(slotsFor({ model: 'async', workers: 2, connections: 50 })).toBe(50);
    expect(slotsFor({ model: 'sync-process', workers: 4, connections: 50 })).toBe(4);
    expect(slotsFor({ model: 'sync-threads', workers: 2, threads: 8, connections: 50 })).toBe(16);
    expect(slotsFor({ model: 'sync-threads', workers: 3, connections: 50 })).toBe(3);
  });

  it('is capped by the per-worker limit and by connections', () => {
    // node-async on the db scenario: a 4-thread SQLite pool per worker.
    expect(slotsFor({ model: 'async', workers: 2, connections: 50, perWorkerLimit: 4 })).toBe(8);
    // A limit of one per process (e.g. a pool of one DB connection). Not Django's async ORM: under
    // ASGI each request gets a thread of its own (servers/targets/django.ts), so it declares no limit.
    expect(slotsFor({ model: 'async', workers: 3, connections: 50, perWorkerLimit: 1 })).toBe(3);
    expect(slotsFor({ model: 'sync-threads', workers: 2, threads: 8, connections: 50, perWorkerLimit: 2 })).toBe(4);
    expect(slotsFor({ model: 'sync-process', workers: 8, connections: 5 })).toBe(5);
    expect(slotsFor({ model: 'sync-threads', workers: 4, threads: 4, connections: 10 })).toBe(10);
    expect(slotsFor({ model: 'async', workers: 1, connections: 0 })).toBe(0);
  });
});

describe('ceiling, efficiency and Little', () => {
  it('a fixed delay gives slots ÷ delay', () => {
    expect(ceilingFromDelay(50, 100)).toBe(500);
    expect(ceilingFromDelay(4, 50)).toBe(80);
    expect(ceilingFromDelay(4, 0)).toBeNull();
  });

  it('efficiency is measured over ceiling, null without a ceiling', () => {
    expect(efficiency(480, 500)).toBeCloseTo(0.96);
    expect(efficiency(480, null)).toBeNull();
    expect(efficiency(480, 0)).toBeNull();
  });

  it('the residual is |C − λW| ÷ C', () => {
    // 50 connections, 480 req/s, 104.2 ms: 50.0 in flight.
    expect(littleResidual(50, 480, 104.1667)).toBeCloseTo(0, 3);
    // Half the connections idle: 25 in flight of 50.
    expect(littleResidual(50, 250, 100)).toBeCloseTo(0.5);
    // More in flight than connections (impossible in a closed loop: a measuring error).
    expect(littleResidual(10, 200, 100)).toBeCloseTo(1);
    expect(littleResidual(50, 0, 100)).toBeNull();
    expect(littleResidual(50, 100, null)).toBeNull();
    expect(littleResidual(0, 100, 10)).toBeNull();
  });
});
