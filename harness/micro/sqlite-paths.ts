// The same SQLite query through the two paths a server can take: sync (better-sqlite3 on the
// calling thread, which blocks it) and async (node-sqlite3: the query runs on libuv's threadpool;
// the caller awaits the reply). Self-contained: a temporary database seeded with the 500 books of servers/CONTRACT.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import sqlite3 from 'sqlite3';

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

export interface AsyncPath {
  query(rows: number): Promise<BookRow[]>;
  close(): Promise<void>;
}

/** node-sqlite3: the query runs on libuv's threadpool and the caller awaits it, as node-async's pool does. */
export async function openAsyncPath(file: string): Promise<AsyncPath> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (e) => (e ? reject(e) : resolve(d)));
  });
  return {
    query: (rows) => new Promise<BookRow[]>((resolve, reject) => db.all<BookRow>(QUERY, [rows], (e, r) => (e ? reject(e) : resolve(r)))),
    close: () => new Promise<void>((resolve) => db.close(() => resolve())),
  };
}
