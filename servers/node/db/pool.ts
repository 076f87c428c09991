// A fixed pool of worker threads, each with its own SQLite connection. Its size is the async
// server's DB concurrency per process, which the node-async target declares for its ceiling.
import { Worker } from 'node:worker_threads';
import type { QueryMessage } from './pool-worker.js';
import type { DbResult } from './sqlite.js';

interface Job extends QueryMessage {
  resolve(r: DbResult): void;
  reject(e: Error): void;
}

type Reply = { ready: true } | { id: number; result?: DbResult; error?: string };

const WORKER_URL = new URL('./pool-worker.ts', import.meta.url).href;
// On Node 20 a worker thread does not inherit the `--import tsx` hooks of its parent, and a .ts
// entry fails with ERR_UNKNOWN_FILE_EXTENSION. So each thread registers tsx itself, then loads it.
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

export class QueryPool {
  /** Resolves once every thread has opened its connection; rejects if one fails to start. */
  readonly ready: Promise<void>;
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Map<Worker, Job>();
  private nextId = 1;

  /** `onFatal` runs when a thread dies after start-up: the pool then cannot keep its declared size. */
  constructor(file: string, readonly size: number, onFatal: (e: Error) => void) {
    const starts: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const w = new Worker(BOOTSTRAP, { eval: true, workerData: { file } });
      let started = false;
      let dead = false;
      starts.push(
        new Promise((resolve, reject) => {
          w.on('message', (msg: Reply) => {
            if ('ready' in msg) {
              started = true;
              this.idle.push(w);
              this.dispatch();
              return resolve();
            }
            this.finish(w, msg);
          });
          const fail = (e: Error) => {
            if (dead) return;
            dead = true;
            const job = this.busy.get(w);
            this.busy.delete(w);
            job?.reject(e);
            if (started) onFatal(e);
            else reject(e);
          };
          w.on('error', fail);
          w.on('exit', (code) => fail(new Error(`SQLite worker thread exited with code ${code}`)));
        }),
      );
      // Threads must not keep a process alive that is otherwise done (its server is what does).
      w.unref();
    }
    this.ready = Promise.all(starts).then(() => undefined);
  }

  query(rows: number, delayMs: number): Promise<DbResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, rows, delayMs, resolve, reject });
      this.dispatch();
    });
  }

  /** Queries waiting for a free thread (queued in this process, not in SQLite). */
  get waiting(): number {
    return this.queue.length;
  }

  private finish(w: Worker, msg: { id: number; result?: DbResult; error?: string }): void {
    const job = this.busy.get(w);
    this.busy.delete(w);
    if (job && job.id === msg.id) {
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result as DbResult);
    }
    this.idle.push(w);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const w = this.idle.pop() as Worker;
      const job = this.queue.shift() as Job;
      this.busy.set(w, job);
      w.postMessage({ id: job.id, rows: job.rows, delayMs: job.delayMs } satisfies QueryMessage);
    }
  }

  async close(): Promise<void> {
    const all = [...this.idle, ...this.busy.keys()];
    await Promise.all(all.map((w) => w.removeAllListeners('exit').terminate()));
  }
}
