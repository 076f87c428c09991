// A worker thread owning one SQLite connection: the async server's queries wait here, off the event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { openBooksDb } from './sqlite.js';

export interface QueryMessage {
  id: number;
  rows: number;
  delayMs: number;
}

const port = parentPort;
if (!port) throw new Error('pool-worker.ts runs only as a worker thread');
const db = openBooksDb((workerData as { file: string }).file);
port.on('message', (msg: QueryMessage) => {
  try {
    port.postMessage({ id: msg.id, result: db.query(msg.rows, msg.delayMs) });
  } catch (e) {
    port.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
// Tells the pool the connection is open, so the process listens only once its DB path works.
port.postMessage({ ready: true });
