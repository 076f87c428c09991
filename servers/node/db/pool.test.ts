// The SQLite pool in-process: plain-JS threads (no TypeScript loader), started lazily up to the
// declared size, never more queries in the engine at once than threads, one sleep() per query.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seed } from '../seed.js';
import { QueryPool } from './pool.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-pool-'));
const file = path.join(dir, 'books.sqlite3');
seed(file);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('QueryPool', () => {
  it('starts one thread, grows only as queries wait, and caps at its size', async () => {
    const fatal: Error[] = [];
    const pool = new QueryPool(file, 3, (e) => fatal.push(e));
    await pool.ready;
    expect(pool.started).toBe(1);
    const one = await pool.query(5, 0);
    expect(one.books).toHaveLength(5);
    expect(one.sleepCalls).toBe(1);
    expect(pool.started).toBe(1);

    // Six queries of 200 ms on 3 threads: two rounds, so at least 400 ms, and never a 4th thread.
    const t0 = performance.now();
    const all = await Promise.all(Array.from({ length: 6 }, () => pool.query(20, 200)));
    const elapsed = performance.now() - t0;
    expect(pool.started).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(400);
    for (const r of all) expect(r).toMatchObject({ sleepCalls: 1 });
    expect(all[0]?.books).toHaveLength(20);
    expect(fatal).toEqual([]);
    await pool.close();
  });

  it('rejects ready when the first thread cannot open the database', async () => {
    const pool = new QueryPool(path.join(dir, 'missing.sqlite3'), 2, () => {});
    await expect(pool.ready).rejects.toThrow(/directory does not exist|unable to open|SQLITE_CANTOPEN|no such file/i);
    await pool.close();
  });

  it('runs no TypeScript loader in its threads', async () => {
    const { POOL_THREAD_SOURCE } = await import('./thread-source.js');
    expect(POOL_THREAD_SOURCE).not.toMatch(/tsx|\.ts['"]/);
  });
});
