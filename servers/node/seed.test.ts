// seed.ts: the 500 books of servers/CONTRACT.md, created once and left alone after that.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BOOKS, seed } from './seed.js';

describe('seed', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-seed-'));
  const file = path.join(dir, 'sub', 'books.sqlite3');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the folder, the books table in WAL mode and 500 deterministic rows', () => {
    expect(seed(file)).toEqual({ created: true });
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const rows = db.prepare('SELECT id, title, author, year FROM books ORDER BY id').all();
    db.close();
    expect(rows).toHaveLength(BOOKS);
    expect(rows[0]).toEqual({ id: 1, title: 'Book 1', author: 'Author 1', year: 1901 });
    expect(rows[49]).toEqual({ id: 50, title: 'Book 50', author: 'Author 0', year: 1950 });
    expect(rows[499]).toEqual({ id: 500, title: 'Book 500', author: 'Author 0', year: 1900 + (500 % 120) });
  });

  it('is idempotent: a seeded database is left as it is', () => {
    const before = fs.statSync(file).mtimeMs;
    expect(seed(file)).toEqual({ created: false });
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('repairs a table whose rows differ from the contract', () => {
    const db = new Database(file);
    db.prepare("UPDATE books SET title = 'changed' WHERE id = 7").run();
    db.close();
    expect(seed(file)).toEqual({ created: true });
    const again = new Database(file, { readonly: true });
    expect(again.prepare('SELECT title FROM books WHERE id = 7').get()).toEqual({ title: 'Book 7' });
    again.close();
  });
});
