// Creates the books table with the 500 deterministic rows of servers/CONTRACT.md. Idempotent: a
// seeded database is left as it is. Runs once, before any server starts.
//   node --import tsx servers/node/seed.ts [--db servers/node/data/books.sqlite3]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { DEFAULT_DB } from './paths.js';

export const BOOKS = 500;

function book(i: number): [number, string, string, number] {
  return [i, `Book ${i}`, `Author ${i % 50}`, 1900 + (i % 120)];
}

function fingerprint(): { n: number; ids: number; years: number; chars: number } {
  const f = { n: BOOKS, ids: 0, years: 0, chars: 0 };
  for (let i = 1; i <= BOOKS; i++) {
    const [id, title, author, year] = book(i);
    f.ids += id;
    f.years += year;
    f.chars += title.length + author.length;
  }
  return f;
}

export function seed(file: string): { created: boolean } {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, year INTEGER NOT NULL)');
    // A cheap fingerprint of the whole table: a seeded database is detected in one query.
    const have = db.prepare('SELECT count(*) AS n, sum(id) AS ids, sum(year) AS years, sum(length(title) + length(author)) AS chars FROM books').get();
    if (JSON.stringify(have) === JSON.stringify(fingerprint())) return { created: false };
    const insert = db.prepare('INSERT INTO books (id, title, author, year) VALUES (?, ?, ?, ?)');
    db.transaction(() => {
      db.exec('DELETE FROM books');
      for (let i = 1; i <= BOOKS; i++) insert.run(...book(i));
    })();
    return { created: true };
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--db');
  const file = path.resolve(i > 0 ? (process.argv[i + 1] as string) : DEFAULT_DB);
  const { created } = seed(file);
  console.log(`${created ? 'seeded' : 'already seeded'}: ${file} (${BOOKS} books)`);
}
