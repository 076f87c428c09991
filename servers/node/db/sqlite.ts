// The sync server's SQLite connection (better-sqlite3, synchronous) with the engine-side `sleep(ms)`
// function of servers/CONTRACT.md. The wait happens inside the query, as a real slow query's does,
// and blocks the calling thread. The async server's pool (pool.ts) runs the same query and pragmas
// through node-sqlite3 with the same sleep() in C (sqlite-sleep.c).
import Database from 'better-sqlite3';
import { blockFor } from '../wait.js';

export interface Book {
  id: number;
  title: string;
  author: string;
  year: number;
}

export interface DbResult {
  books: Book[];
  /** How many times sleep() ran for this query: the contract says exactly once. */
  sleepCalls: number;
}

export interface BooksDb {
  query(rows: number, delayMs: number): DbResult;
  close(): void;
}

// The uncorrelated scalar subquery is evaluated once per query, not once per row (the tests check
// the counter at rows=20 and rows=500).
export const SLOW_QUERY = 'SELECT id, title, author, year FROM books WHERE (SELECT sleep(?)) = 0 ORDER BY id LIMIT ?';

/** Every connection's settings; the async server's pool (pool.ts) applies the same. */
export const PRAGMAS = ['journal_mode = WAL', 'busy_timeout = 5000'];

export function openBooksDb(file: string): BooksDb {
  // fileMustExist: seeding happens once, before any server starts (seed.ts), never here.
  const db = new Database(file, { fileMustExist: true });
  for (const p of PRAGMAS) db.pragma(p);
  let calls = 0;
  // Counted per connection: a connection runs one query at a time, so the difference around a
  // query is that query's count, whatever other connections do.
  db.function('sleep', { deterministic: false }, (ms: unknown) => {
    calls++;
    blockFor(Number(ms));
    return 0;
  });
  const stmt = db.prepare<[number, number], Book>(SLOW_QUERY);
  return {
    query(rows, delayMs) {
      const before = calls;
      const books = stmt.all(delayMs, rows);
      return { books, sleepCalls: calls - before };
    },
    close: () => db.close(),
  };
}
