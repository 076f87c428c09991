// The same SQLite query through the two paths a server can take: sync (better-sqlite3 on the
// calling thread, which blocks it) and async (the query runs on a worker thread; the caller awaits
// the reply). Self-contained: a temporary database seeded with the 500 books of servers/CONTRACT.md.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface BookRow {
  id: number;
  title: string;
  author: string;
  year: number;
}

const QUERY = 'SELECT id, title, author, year FROM books ORDER BY id LIMIT ?';
export const BOOKS = 500;

/** A new temporary database file holding the books table; the caller removes its directory. */
export function seedTempBooksDb(): { file: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-micro-'));
  const file = path.join(dir, 'books.sqlite3');
  const db = new Database(file);
  db.exec('CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, year INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO books (id, title, author, year) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= BOOKS; i++) insert.run(i, `Book ${i}`, `Author ${i % 50}`, 1900 + (i % 120));
  })();
  db.close();
  return { file, dir };
}

export interface SyncPath {
  query(rows: number): BookRow[];
  close(): void;
}

export function openSyncPath(file: string): SyncPath {
  const db = new Database(file, { readonly: true });
  const stmt = db.prepare<[number], BookRow>(QUERY);
  return { query: (rows) => stmt.all(rows), close: () => db.close() };
}

// Plain CommonJS evaluated in the thread, so it needs no TypeScript loader (a .ts worker entry
// fails on Node 20 unless the thread registers tsx itself).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true });
const stmt = db.prepare(workerData.query);
parentPort.on('message', ({ id, rows }) => {
  try { parentPort.postMessage({ id, books: stmt.all(rows) }); }
  catch (e) { parentPort.postMessage({ id, error: String(e && e.message || e) }); }
});
parentPort.postMessage({ ready: true });
`;

type Reply = { ready: true } | { id: number; books?: BookRow[]; error?: string };

export interface AsyncPath {
  query(rows: number): Promise<BookRow[]>;
  close(): Promise<void>;
}

/** One worker thread with its own connection; resolves once it has opened the database. */
export async function openAsyncPath(file: string): Promise<AsyncPath> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, query: QUERY } });
  const pending = new Map<number, { resolve(r: BookRow[]): void; reject(e: Error): void }>();
  let nextId = 1;
  const failAll = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: Reply) => {
      if ('ready' in m) return resolve();
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.books ?? []);
    });
    worker.once('error', (e) => {
      reject(e);
      failAll(e);
    });
    worker.once('exit', (code) => failAll(new Error(`SQLite worker thread exited (code ${code})`)));
  });
  return {
    query: (rows) =>
      new Promise<BookRow[]>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, rows });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}
