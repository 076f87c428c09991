// The cluster primary: forks the workers, prints the bound address once all of them listen, and
// stops them on SIGTERM/SIGINT. It replaces no worker: a dead worker stays dead, so the harness
// sees fewer pids (and, once none is left, the primary exits 1).
import cluster, { type Worker } from 'node:cluster';
import type { ServerFlags } from './flags.js';

/** Messages a worker sends its primary. */
export type WorkerReport = { listening: number } | { fatal: string };

// Under the harness's 5 s grace, so the primary, not a SIGKILL, ends the group.
const STOP_GRACE_MS = 4000;

export function runPrimary(flags: ServerFlags): void {
  // Round robin: the primary accepts and deals connections to workers in turn (the Linux default,
  // set explicitly). With SCHED_NONE the kernel favours a few workers, which skews async CPU.
  cluster.schedulingPolicy = cluster.SCHED_RR;
  const label = `node-${flags.model}`;
  const ports = new Map<number, number>();
  let alive = 0;
  let stopping = false;

  for (let i = 0; i < flags.workers; i++) {
    const w = cluster.fork();
    alive++;
    w.on('message', (msg: WorkerReport) => {
      if ('fatal' in msg) return console.error(`${label}: worker ${w.process.pid}: ${msg.fatal}`);
      ports.set(w.id, msg.listening);
      // Printed once every worker listens; `--port 0` gives all workers the same free port.
      if (ports.size === flags.workers) {
        console.log(`${label}: primary ${process.pid}, ${flags.workers} workers, listening on http://${flags.host}:${msg.listening}`);
      }
    });
  }

  cluster.on('exit', (w: Worker, code, signal) => {
    alive--;
    if (!stopping) console.error(`${label}: worker ${w.process.pid} exited (${signal ?? `code ${code}`}); not replaced`);
    if (alive === 0) process.exit(stopping ? 0 : 1);
  });

  const stop = (sig: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${label}: ${sig}, stopping ${alive} workers`);
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
