// The building blocks, measured in-process: the Node handlers without the network (async vs sync),
// the SQLite query through the sync and the async path, JSON of books, the harness's hot paths.
import fs from 'node:fs';
import path from 'node:path';
import { route } from '../../servers/node/app.js';
import { QueryPool } from '../../servers/node/db/pool.js';
import { openBooksDb } from '../../servers/node/db/sqlite.js';
import { makeHandlers } from '../../servers/node/handlers.js';
import { DEFAULT_DB } from '../../servers/node/paths.js';
import { seed } from '../../servers/node/seed.js';
import { LatencyRecorder } from '../load/latency-recorder.js';
import { renderCsv } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import type { Results } from '../types.js';
import { growToCells } from './grow.js';

export interface MicroTask {
  name: string;
  group: string;
  fn: () => unknown;
}

export interface TaskSet {
  tasks: MicroTask[];
  close(): Promise<void>;
}

export async function buildTasks(extra: MicroTask[] = []): Promise<TaskSet> {
  seed(DEFAULT_DB);
  const asyncH = makeHandlers({ model: 'async', dbFile: DEFAULT_DB, dbPool: 4, onFatal: (e) => { throw e; } });
  const syncH = makeHandlers({ model: 'sync', dbFile: DEFAULT_DB, dbPool: 1, onFatal: (e) => { throw e; } });
  await asyncH.ready;
  const db = openBooksDb(DEFAULT_DB);
  const pool = new QueryPool(DEFAULT_DB, 1, (e) => { throw e; });
  await pool.ready;
  const books20 = db.query(20, 0).books;
  const books500 = db.query(500, 0).books;
  const q = (s: string) => new URLSearchParams(s);
  const recorded = new LatencyRecorder();
  for (let i = 1; i <= 10_000; i++) recorded.record(100 + (i % 500) / 10);
  const fixture = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../report/fixtures/results.json'), 'utf8')) as Results;
  const report100 = growToCells(fixture, 100);
  const chartJs = '/* chart.js omitted: rendering cost, not file size */';
  const one = new LatencyRecorder();

  const tasks: MicroTask[] = [
    { group: 'handler', name: 'GET /sleep?ms=0, async handler', fn: () => route('/sleep', q('ms=0'), 'async', asyncH) },
    { group: 'handler', name: 'GET /sleep?ms=0, sync handler', fn: () => route('/sleep', q('ms=0'), 'sync', syncH) },
    { group: 'handler', name: 'GET /db?rows=20&delay_ms=0, async handler', fn: () => route('/db', q('rows=20&delay_ms=0'), 'async', asyncH) },
    { group: 'handler', name: 'GET /db?rows=20&delay_ms=0, sync handler', fn: () => route('/db', q('rows=20&delay_ms=0'), 'sync', syncH) },
    { group: 'sqlite', name: 'SQLite 20 rows, sync path (better-sqlite3)', fn: () => db.query(20, 0) },
    { group: 'sqlite', name: 'SQLite 20 rows, async path (worker thread)', fn: () => pool.query(20, 0) },
    { group: 'json', name: 'JSON.stringify 20 books', fn: () => JSON.stringify({ scenario: 'db', books: books20 }) },
    { group: 'json', name: 'JSON.stringify 500 books', fn: () => JSON.stringify({ scenario: 'db', books: books500 }) },
    { group: 'harness', name: 'record one latency into the histogram', fn: () => one.record(101.25) },
    { group: 'harness', name: 'merge two 10k-sample histograms', fn: () => new LatencyRecorder().merge(recorded) },
    { group: 'harness', name: 'render a 100-cell report (HTML + Markdown + CSV)', fn: () => [renderHtml(report100, { chartJs }), renderMarkdown(report100), renderCsv(report100)] },
    ...extra,
  ];
  return {
    tasks,
    close: async () => {
      db.close();
      await pool.close();
      await asyncH.close();
      await syncH.close();
    },
  };
}
