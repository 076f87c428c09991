// The building blocks, measured in-process: the Node server's own handlers without the network
// (async vs sync), one SQLite query through the sync and the async path, JSON of books, and the
// latency histogram's hot paths. Everything runs on a temporary database removed by close().
import fs from 'node:fs';
import { route } from '../../servers/node/app.js';
import { makeHandlers } from '../../servers/node/handlers.js';
import { LatencyHistogram } from '../stats/histogram.js';
import { loadgenTasks } from './loadgen-tasks.js';
import { openAsyncPath, openSyncPath, seedTempBooksDb } from './sqlite-paths.js';
import type { MicroTask } from './task.js';

export type { MicroTask } from './task.js';

export interface TaskSet {
  tasks: MicroTask[];
  /** Closes the connections and removes the temporary database. */
  close(): Promise<void>;
}

export async function buildTasks(): Promise<TaskSet> {
  const { file, dir } = seedTempBooksDb();
  const asyncH = makeHandlers({ model: 'async', dbFile: file, dbPool: 1 });
  const syncH = makeHandlers({ model: 'sync', dbFile: file, dbPool: 1 });
  const syncDb = openSyncPath(file);
  const asyncDb = await openAsyncPath(file);
  await asyncH.ready;

  const books20 = syncDb.query(20);
  const books500 = syncDb.query(500);
  const q = (s: string) => new URLSearchParams(s);
  const tenK = () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) h.record(100 + (i % 500) / 10);
    return h;
  };
  const a = tenK();
  const b = tenK();
  const one = new LatencyHistogram();

  const tasks: MicroTask[] = [
    // servers/node's own route() and handlers: what a request costs the server minus the network.
    { group: 'handler', name: 'node handler GET /sleep?ms=0, async', fn: () => route('/sleep', q('ms=0'), 'async', asyncH) },
    { group: 'handler', name: 'node handler GET /sleep?ms=0, sync', fn: () => route('/sleep', q('ms=0'), 'sync', syncH) },
    { group: 'handler', name: 'node handler GET /db?rows=20&delay_ms=0, async', fn: () => route('/db', q('rows=20&delay_ms=0'), 'async', asyncH) },
    { group: 'handler', name: 'node handler GET /db?rows=20&delay_ms=0, sync', fn: () => route('/db', q('rows=20&delay_ms=0'), 'sync', syncH) },
    { group: 'sqlite', name: 'SQLite 20 rows, sync path (better-sqlite3)', fn: () => syncDb.query(20) },
    { group: 'sqlite', name: 'SQLite 20 rows, async path (node-sqlite3, threadpool)', fn: () => asyncDb.query(20) },
    { group: 'json', name: 'JSON.stringify 20 books', fn: () => JSON.stringify({ scenario: 'db', books: books20 }) },
    { group: 'json', name: 'JSON.stringify 500 books', fn: () => JSON.stringify({ scenario: 'db', books: books500 }) },
    { group: 'histogram', name: 'record one latency into the histogram', fn: () => one.record(101.25) },
    { group: 'histogram', name: 'merge two 10k-sample histograms', fn: () => new LatencyHistogram().merge(a).merge(b) },
    ...loadgenTasks(),
  ];
  return {
    tasks,
    close: async () => {
      syncDb.close();
      await asyncDb.close();
      await asyncH.close();
      await syncH.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
