// The cluster primary: forks the workers, prints the bound address once all of them listen, and
// stops them on SIGTERM/SIGINT. It replaces no worker: a dead worker stays dead, so the harness
// sees fewer pids (and, once none is left, the primary exits 1).
import cluster, { type Worker } from 'node:cluster';
import type { ServerFlags } from './flags.js';
import { createAcceptQueue, type AcceptMessage } from './accept-queue.js';
import { sleepExtension } from './db/sqlite-sleep.js';

/** Messages a worker sends its primary: async workers listen themselves; sync ones report ready. */
export type WorkerReport = { listening: number } | { ready: true } | { fatal: string } | AcceptMessage;

// Under the harness's 5 s grace, so the primary, not a SIGKILL, ends the group.
const STOP_GRACE_MS = 4000;

export function runPrimary(flags: ServerFlags): void {
  // Round robin: the primary accepts and deals connections to workers in turn (the Linux default,
  // set explicitly). With SCHED_NONE the kernel favours a few workers, which skews async CPU.
  cluster.schedulingPolicy = cluster.SCHED_RR;
  const label = `node-${flags.model}`;
  if (flags.model === 'async') {
    // The async pool's queries run on libuv's threadpool, one per connection: the threadpool must
    // not be what limits them below --db-pool. Workers inherit it through cluster.fork's env.
    process.env.UV_THREADPOOL_SIZE = String(Math.max(4, flags.dbPool, Number(process.env.UV_THREADPOOL_SIZE) || 0));
    // Built once here, not by W workers at once; a machine without a C compiler fails before forking.
    try {
      sleepExtension();
    } catch (e) {
      console.error(`${label}: ${(e as Error).message}`);
      process.exit(2);
    }
  }
  const ports = new Map<number, number>();
  let alive = 0;
  let stopping = false;
  // Sync: the primary listens and hands connections to free workers (accept-queue.ts).
  const accept = flags.model === 'sync' ? createAcceptQueue() : null;
  let boundPort: number | null = null;
  const announce = () => {
    // Printed once every worker can serve; `--port 0` gives all workers the same free port.
    const port = accept ? boundPort : [...ports.values()][0];
    if (ports.size === flags.workers && port !== null && port !== undefined) {
      console.log(`${label}: primary ${process.pid}, ${flags.workers} workers, listening on http://${flags.host}:${port}`);
    }
  };
  if (accept) {
    accept.server.on('error', (e) => {
      console.error(`${label}: ${e.message}`);
      process.exit(1);
    });
    accept.server.listen(flags.port, flags.host, 1024, () => {
      const addr = accept.server.address();
      boundPort = typeof addr === 'object' && addr ? addr.port : flags.port;
      announce();
    });
  }

  for (let i = 0; i < flags.workers; i++) {
    const w = cluster.fork();
    alive++;
    w.on('message', (msg: WorkerReport) => {
      if ('fatal' in msg) return console.error(`${label}: worker ${w.process.pid}: ${msg.fatal}`);
      if ('free' in msg) return accept?.free(w);
      ports.set(w.id, 'listening' in msg ? msg.listening : 0);
      if ('ready' in msg) accept?.free(w);
      announce();
    });
  }

  cluster.on('exit', (w: Worker, code, signal) => {
    alive--;
    accept?.gone(w);
    if (!stopping) console.error(`${label}: worker ${w.process.pid} exited (${signal ?? `code ${code}`}); not replaced`);
    if (alive === 0) process.exit(stopping ? 0 : 1);
  });

  const stop = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${label}: ${sig}, stopping ${alive} workers`);
    accept?.server.close();
    // Workers keep the default SIGTERM action, so even one blocked in Atomics.wait dies at once.
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(0);
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
