// What each concurrency model does while a request waits. `async` awaits (timers, queries on
// libuv's threadpool), so one process holds many requests. `sync` blocks the process's only thread for the
// whole wait (Atomics.wait, a synchronous SQLite call), so one process serves one request at a
// time: the WSGI sync-worker model.
import { QueryPool } from './db/pool.js';
import { openBooksDb, type DbResult } from './db/sqlite.js';
import type { Model } from './flags.js';
import { awaitFor, blockFor } from './wait.js';

export interface Handlers {
  sleep(ms: number): Promise<void> | void;
  db(rows: number, delayMs: number): Promise<DbResult> | DbResult;
  /** The long-poll wait. */
  wait(ms: number): Promise<void> | void;
  /** Resolves once the handlers can serve (the DB pool has opened its connections). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function makeHandlers(opts: { model: Model; dbFile: string; dbPool: number }): Handlers {
  if (opts.model === 'sync') {
    const db = openBooksDb(opts.dbFile);
    return { sleep: blockFor, db: (rows, d) => db.query(rows, d), wait: blockFor, ready: Promise.resolve(), close: async () => db.close() };
  }
  const pool = new QueryPool(opts.dbFile, opts.dbPool);
  return { sleep: awaitFor, db: (rows, d) => pool.query(rows, d), wait: awaitFor, ready: pool.ready, close: () => pool.close() };
}
