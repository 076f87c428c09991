// The async server's SQLite pool in-process: node-sqlite3 on libuv's threadpool, never more queries
// in the engine at once than connections, one sleep() per query, counted by the C extension.
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
  it('runs as many queries at once as it has connections, and queues the rest', async () => {
    const pool = new QueryPool(file, 3);
    await pool.ready;
    const one = await pool.query(5, 0);
    expect(one.books).toHaveLength(5);
    expect(one.books[0]).toEqual({ id: 1, title: expect.any(String), author: expect.any(String), year: expect.any(Number) });
    expect(one.sleepCalls).toBe(1);

    // Three queries of 200 ms on 3 connections overlap: one after another would take 600 ms.
    let t0 = performance.now();
    await Promise.all(Array.from({ length: 3 }, () => pool.query(20, 200)));
    expect(performance.now() - t0).toBeLessThan(600);

    // Six on 3 connections: two rounds, so at least 400 ms, with 3 waiting in the process meanwhile.
    t0 = performance.now();
    const six = Array.from({ length: 6 }, () => pool.query(20, 200));
    expect([pool.running, pool.waiting]).toEqual([3, 3]);
    const all = await Promise.all(six);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
    for (const r of all) expect(r).toMatchObject({ sleepCalls: 1 });
    expect(all[0]?.books).toHaveLength(20);
    // sleep() runs once per query, not once per row.
    expect((await pool.query(500, 1)).sleepCalls).toBe(1);
    await pool.close();
  });

  it('rejects ready, naming the file, when the database does not exist', async () => {
    const missing = path.join(dir, 'missing.sqlite3');
    const pool = new QueryPool(missing, 2);
    await expect(pool.ready).rejects.toThrow(/SQLITE_CANTOPEN.*missing\.sqlite3/);
    await pool.close();
  });
});
