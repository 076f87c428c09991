// The async server's SQLite access. node-sqlite3 runs each query on libuv's threadpool, so the
// event loop never waits; a query's engine-side sleep() (sqlite-sleep.c) holds a native thread, not
// a V8 isolate. `size` connections, one query each at a time, bound how many queries wait in the
// engine at once: that is the DB concurrency per process the node-async target declares for its
// ceiling (perWorkerLimit.db). The primary sizes libuv's threadpool to match (primary.ts).
//
// Why not worker threads over better-sqlite3 (the sync driver): each Node worker thread is its own
// V8 isolate, ~8.8 MiB resident on Node 20 even idle, so 4 per process made node-async 1.35x
// node-sync's memory at every worker count for reasons that have nothing to do with async (issue 14).
import sqlite3 from 'sqlite3';
import { PRAGMAS, SLOW_QUERY, type Book, type DbResult } from './sqlite.js';
import { sleepExtension } from './sqlite-sleep.js';

interface Job {
  rows: number;
  delayMs: number;
  resolve(r: DbResult): void;
  reject(e: Error): void;
}

/** One connection and the sleep() calls counted on it so far (sleep_calls() before its next query). */
interface Conn {
  db: sqlite3.Database;
  calls: number;
}

function openConn(file: string, extension: string): Promise<Conn> {
  return new Promise((resolve, reject) => {
    // No OPEN_CREATE: seeding happens once, before any server starts (seed.ts), never here.
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (e) => {
      if (e) return reject(new Error(`${e.message} (${file})`));
      db.loadExtension(extension, (e2) => {
        if (e2) return reject(new Error(`${e2.message} (${extension})`));
        db.exec(PRAGMAS.map((p) => `PRAGMA ${p};`).join(' '), (e3) => (e3 ? reject(e3) : resolve({ db, calls: 0 })));
      });
    });
  });
}

export class QueryPool {
  /** Resolves once every connection is open with sleep() loaded; rejects with the reason otherwise. */
  readonly ready: Promise<void>;
  private readonly idle: Conn[] = [];
  private readonly queue: Job[] = [];
  private conns: Conn[] = [];
  private closed = false;

  constructor(
    file: string,
    readonly size: number,
  ) {
    this.ready = (async () => {
      const extension = sleepExtension();
      const opened = await Promise.allSettled(Array.from({ length: size }, () => openConn(file, extension)));
      this.conns = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failed = opened.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason as Error;
      this.idle.push(...this.conns);
      this.dispatch();
    })();
  }

  query(rows: number, delayMs: number): Promise<DbResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, delayMs, resolve, reject });
      this.dispatch();
    });
  }

  /** Queries waiting for a free connection (queued in this process, not in SQLite). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Queries in the engine now. */
  get running(): number {
    return this.conns.length - this.idle.length;
  }

  private dispatch(): void {
    while (!this.closed && this.queue.length > 0 && this.idle.length > 0) this.run(this.idle.pop() as Conn, this.queue.shift() as Job);
  }

  private run(conn: Conn, job: Job): void {
    const done = (e: Error | null, result?: DbResult) => {
      this.idle.push(conn);
      if (e) job.reject(e);
      else job.resolve(result as DbResult);
      this.dispatch();
    };
    conn.db.all<Book>(SLOW_QUERY, [job.delayMs, job.rows], (e, books) => {
      if (e) return done(e);
      conn.db.get<{ n: number }>('SELECT sleep_calls() AS n', (e2, row) => {
        if (e2 || !row) return done(e2 ?? new Error('sleep_calls() returned no row'));
        const sleepCalls = row.n - conn.calls;
        conn.calls = row.n;
        done(null, { books, sleepCalls });
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready.catch(() => {});
    await Promise.all(this.conns.map((c) => new Promise<void>((resolve) => c.db.close(() => resolve()))));
  }
}
