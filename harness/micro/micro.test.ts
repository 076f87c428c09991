import { describe, expect, it } from 'vitest';
import { renderMicroTable, runMicro } from './run-micro.js';
import { buildTasks } from './tasks.js';

describe('micro-benchmarks', () => {
  it('measure every building block, and report a failing task as errored instead of hiding it', async () => {
    const keepAlive = setInterval(() => {}, 1000);
    const set = await buildTasks([{ group: 'test', name: 'a task that throws', fn: () => { throw new Error('boom'); } }]);
    try {
      const result = await runMicro(set.tasks, { timeMs: 20 });
      expect(result.rows.map((r) => r.group)).toEqual(expect.arrayContaining(['handler', 'sqlite', 'json', 'harness']));
      for (const r of result.rows.filter((x) => x.group !== 'test')) {
        expect(r.error, r.task).toBeUndefined();
        expect(r.samples, r.task).toBeGreaterThan(0);
        expect(r.meanMs, r.task).toBeGreaterThan(0);
        expect(r.p99Ms, r.task).toBeGreaterThanOrEqual(0);
      }
      const bad = result.rows.find((r) => r.task === 'a task that throws');
      expect(bad).toMatchObject({ error: 'boom', samples: 0 });
      expect(renderMicroTable(result)).toMatch(/a task that throws\s+ERROR: boom/);
    } finally {
      await set.close();
      clearInterval(keepAlive);
    }
  });
});
