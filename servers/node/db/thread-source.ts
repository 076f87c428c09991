// The code a SQLite pool thread runs, as plain CommonJS evaluated in the thread. A thread cannot
// inherit the parent's `--import tsx` on Node 20, and one that registers tsx itself costs ~34 MiB
// (its own loader-hooks thread and esbuild) against ~2.5 MiB for plain JS: measured in issue 14,
// where 16 such threads made node-async at 4 workers twice node-sync's RSS. Plain source runs the
// same way under tsx and compiled, so the sources and dist/ share one code path.
//
// It mirrors openBooksDb (sqlite.ts): the same statement, pragmas and engine-side sleep(), counted
// per query; the contract tests check node-async's sleepCalls, so the two cannot drift unseen.

export interface QueryMessage {
  id: number;
  rows: number;
  delayMs: number;
}

export interface ThreadData {
  /** Absolute path of better-sqlite3's entry: an eval'd thread resolves `require` from the cwd. */
  driver: string;
  file: string;
  query: string;
  pragmas: string[];
}

export const POOL_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const blocker = new Int32Array(new SharedArrayBuffer(4));
const blockFor = (ms) => {
  const end = performance.now() + ms;
  for (let left = ms; left > 0; left = end - performance.now()) Atomics.wait(blocker, 0, 0, left);
};
let calls = 0;
let stmt;
try {
  const db = new Database(workerData.file, { fileMustExist: true });
  for (const p of workerData.pragmas) db.pragma(p);
  db.function('sleep', { deterministic: false }, (ms) => { calls++; blockFor(Number(ms)); return 0; });
  stmt = db.prepare(workerData.query);
} catch (e) {
  // better-sqlite3's SqliteError reaches the parent as an empty object: send its message in a plain Error.
  throw new Error(String((e && e.message) || e) + ' (' + workerData.file + ')');
}
parentPort.on('message', (msg) => {
  try {
    const before = calls;
    const books = stmt.all(msg.delayMs, msg.rows);
    parentPort.postMessage({ id: msg.id, result: { books, sleepCalls: calls - before } });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: String((e && e.message) || e) });
  }
});
// Tells the pool the connection is open, so the process listens only once its DB path works.
parentPort.postMessage({ ready: true });
`;
