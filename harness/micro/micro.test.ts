// Structure, not speed: every task ran (samples > 0) or carries an explicit error.
import { describe, expect, it } from 'vitest';
import { reportTasks } from './report-tasks.js';
import { renderMicroTable, runMicro, type MicroResult } from './run-micro.js';
import { openAsyncPath, openSyncPath, seedTempBooksDb } from './sqlite-paths.js';

describe('micro-benchmarks', () => {
  it('measure every building block, and report a failing task as errored instead of hiding it', async () => {
    const result = await runMicro({
      timeMs: 20,
      extraTasks: [
        {
          group: 'test',
          name: 'a task that throws',
          fn: () => {
            throw new Error('boom');
          },
        },
        { group: 'test', name: 'a task that rejects', fn: async () => Promise.reject(new Error('later boom')) },
        ...reportTasks(),
      ],
    });
    expect(new Set(result.rows.map((r) => r.group))).toEqual(new Set(['handler', 'sqlite', 'json', 'histogram', 'loadgen', 'report', 'test']));
    for (const r of result.rows.filter((x) => x.group !== 'test')) {
      expect(r.error, r.task).toBeUndefined();
      expect(r.state, r.task).toBe('completed');
      expect(r.samples, r.task).toBeGreaterThan(0);
      expect(r.meanMs, r.task).toBeGreaterThan(0);
      expect(r.p99Ms, r.task).toBeGreaterThanOrEqual(0);
    }
    expect(result.rows.find((r) => r.task === 'a task that throws')).toMatchObject({ state: 'errored', error: 'boom', samples: 0 });
    expect(result.rows.find((r) => r.task === 'a task that rejects')).toMatchObject({ state: 'errored', error: 'later boom', samples: 0 });
    const table = renderMicroTable(result);
    expect(table).toMatch(/a task that throws\s+ERROR: boom/);
    expect(table).toMatch(/2 errored/);
    // micro.json is this object: it must survive JSON (NaN becomes null for errored rows).
    expect((JSON.parse(JSON.stringify(result)) as MicroResult).rows).toHaveLength(result.rows.length);
  });

  it('refuses two tasks with one name (tinybench keys tasks by name)', async () => {
    const t = { group: 'x', name: 'same', fn: () => 1 };
    await expect(runMicro({ tasks: [t, t], timeMs: 5 })).rejects.toThrow(/two micro-benchmark tasks are named "same"/);
  });

  it('the sync and async SQLite paths return the same rows', async () => {
    const { file } = seedTempBooksDb();
    const s = openSyncPath(file);
    const a = await openAsyncPath(file);
    try {
      const rows = s.query(20);
      expect(rows).toHaveLength(20);
      expect(rows[0]).toEqual({ id: 1, title: 'Book 1', author: 'Author 1', year: 1901 });
      expect(await a.query(20)).toEqual(rows);
    } finally {
      s.close();
      await a.close();
    }
  });
});

describe('renderMicroTable', () => {
  it('is a pure function of the result', () => {
    const result: MicroResult = {
      startedAt: '2026-01-01T00:00:00.000Z',
      node: 'v20.20.2',
      timeMs: 500,
      rows: [
        { task: 'fast', group: 'g', state: 'completed', meanMs: 0.00042, p99Ms: 0.0011, rme: 0.51, samples: 1_000_000 },
        { task: 'slow', group: 'g', state: 'completed', meanMs: 2.5, p99Ms: 4.25, rme: 1.234, samples: 200 },
        { task: 'broken', group: 'g', state: 'errored', meanMs: NaN, p99Ms: NaN, rme: NaN, samples: 0, error: 'boom' },
      ],
    };
    expect(renderMicroTable(result)).toBe(
      [
        'task           mean      p99     rme  samples',
        '------  -----------  -------  ------  -------',
        'fast         420 ns  1.10 µs  ±0.51%  1000000',
        'slow        2.50 ms  4.25 ms  ±1.23%      200',
        'broken  ERROR: boom                         0',
        '',
        '3 tasks, 1 errored; node v20.20.2, 500 ms per task',
      ].join('\n'),
    );
  });
});
