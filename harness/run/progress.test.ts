// The progress line's clock: the pre-run estimate, and the time left after each cell.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cellLine, createProgress } from './progress.js';
import { cellKeyOf } from '../cell-key.js';
import type { RunEstimate } from './estimate.js';
import type { CellResult } from '../types.js';

const planned = (connections: number) => ({ target: 'node-sync', scenario: 'sleep', workers: 1, connections, repeat: 1, threads: null, params: {} });
const done = (connections: number) =>
  ({
    ...planned(connections),
    status: 'completed',
    rps: 9.5,
    latencyMs: { p50: 1000, p90: 1000, p99: 1000, p999: 1000, max: 1000, min: 1000, mean: 1000, stdev: 0 },
    requests: { ok: 19, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
    efficiency: 0.95,
    validity: [],
  }) as unknown as CellResult;

describe('progress clock', () => {
  it('prints the estimate with what it includes and where it learned from, then the time left per cell', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const p = createProgress(out as unknown as NodeJS.WriteStream, { tty: false });
    const estimate: RunEstimate = {
      totalS: 400,
      cells: [
        { key: cellKeyOf(planned(10)), seconds: 100, source: 'model' },
        { key: cellKeyOf(planned(100)), seconds: 290, source: 'previous' },
      ],
      learnedFrom: '/x/reports/2026-12-02T13-46-02',
      modelScale: 1,
    };
    p.runStart({ cells: 2, launches: 1, cellSeconds: 3, runDir: 'reports/x', estimate });
    p.cellStart(planned(10));
    p.cellEnd(done(10));
    const lines = text.split('\n').filter(Boolean);
    expect(lines[0]).toBe(
      'asyncbench: 2 cells, 1 server launches, about 6m40s (learned from 2026-12-02T13-46-02), warm-ups, drains and server starts included → reports/x',
    );
    // The finished cell took ~0 s of its 100: what is left is the next cell's 290 s plus the rendering.
    expect(lines[1]).toMatch(/^\[1\/2\] node-sync sleep w=1 c=10: .* \(about 4m5\ds left\)$/);
  });
});

describe('cell line', () => {
  it('says in words that an overloaded open-model cell measured its run length (issue 21)', () => {
    const c = {
      ...done(10_000),
      rps: 42,
      requests: { ok: 84, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 },
      open: { ratePerS: 100, dropped: 0, lateSends: 0, arrivals: 200, latencyP50ByThirdMs: [769, 1147, 1515] },
      validity: [{ code: 'open-overloaded', severity: 'error', message: '…' }],
    } as CellResult;
    expect(cellLine(c)).toMatch(
      /⚠ open-overloaded \(overloaded: the queue grew by 116 requests during the window, so p50 and p99 depend on how long it ran\)$/,
    );
  });
});
