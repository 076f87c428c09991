// A pool of worker threads, each with its own SQLite connection. Its size is the async server's DB
// concurrency per process, which the node-async target declares for its ceiling (perWorkerLimit.db).
// Threads start when queries wait for one, up to that size: the first at once (it proves the DB
// opens before the process listens), the rest as concurrency needs them, so a worker that never
// has more than two queries in flight never pays for four threads.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { PRAGMAS, SLOW_QUERY, type DbResult } from './sqlite.js';
import { POOL_THREAD_SOURCE, type QueryMessage, type ThreadData } from './thread-source.js';

interface Job extends QueryMessage {
  resolve(r: DbResult): void;
  reject(e: Error): void;
}

type Reply = { ready: true } | { id: number; result?: DbResult; error?: string };

// A thread's heap holds one connection and one query's rows at a time, so a small young generation
// costs nothing and keeps it near its idle size (~9 MiB, most of it the Node worker itself): after
// 6000 queries 4 threads took +45 MiB with it, +50 MiB with V8's default (issue 14).
const THREAD_LIMITS = { maxYoungGenerationSizeMb: 2 };

export class QueryPool {
  /** Resolves once the first thread has opened its connection; rejects if it fails to start. */
  readonly ready: Promise<void>;
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly threads = new Set<Worker>();
  private starting = 0;
  private nextId = 1;
  private closed = false;
  private readonly data: ThreadData;

  /** `onFatal` runs when a thread dies or fails to start after the first: the pool then cannot keep its declared size. */
  constructor(
    file: string,
    readonly size: number,
    private readonly onFatal: (e: Error) => void,
  ) {
    this.data = { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, query: SLOW_QUERY, pragmas: PRAGMAS };
    this.ready = this.spawn(true);
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

  /** Threads started so far (at most `size`). */
  get started(): number {
    return this.threads.size;
  }

  private spawn(first: boolean): Promise<void> {
    this.starting++;
    const w = new Worker(POOL_THREAD_SOURCE, { eval: true, workerData: this.data, resourceLimits: THREAD_LIMITS });
    this.threads.add(w);
    // Threads must not keep a process alive that is otherwise done (its server is what does).
    w.unref();
    let started = false;
    let dead = false;
    return new Promise((resolve, reject) => {
      w.on('message', (msg: Reply) => {
        if ('ready' in msg) {
          started = true;
          this.starting--;
          this.idle.push(w);
          this.dispatch();
          return resolve();
        }
        this.finish(w, msg);
      });
      const fail = (e: Error) => {
        if (dead || this.closed) return;
        dead = true;
        this.threads.delete(w);
        if (!started) this.starting--;
        const job = this.busy.get(w);
        this.busy.delete(w);
        job?.reject(e);
        if (first && !started) reject(e);
        else this.onFatal(e);
      };
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`SQLite worker thread exited with code ${code}`)));
    });
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
    // Queries still waiting that the threads already starting will not absorb: start more.
    while (!this.closed && this.queue.length > this.starting && this.threads.size < this.size) this.spawn(false).catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.threads].map((w) => w.removeAllListeners('exit').terminate()));
  }
}
