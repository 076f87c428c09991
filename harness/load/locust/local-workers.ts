// The Locust workers the harness starts on this machine (--loadgen-workers), each in a process
// group of its own that the harness's registry stops on success, error and Ctrl-C. One that dies
// is a lost worker like a remote one (its cell errors, the others stay, issue 22 item 12), and
// is started again at once, as a supervisor restarts a remote one; the master holds the new one
// until the next cell (admission.py). A worker that keeps dying is given up after a few starts.
import { spawn, type ChildProcess } from 'node:child_process';
import { registerGroup, stopGroup, unregisterGroup } from '../../host/children.js';
import { identify } from '../../host/identity.js';
import { pinnedArgv } from '../../host/cpus.js';

/** Starts of one worker slot after which a dying worker is not started again. */
const MAX_STARTS = 4;

export interface LocalWorkersOptions {
  locust: string;
  /** The folder holding the locustfile; the workers' cwd. */
  dir: string;
  file: string;
  host: string;
  port: number;
  cpus: number[] | null;
  /** Lines a worker writes on stderr (kept for error messages). */
  onStderr(d: Buffer): void;
  onInfo(message: string): void;
  /** Whether the master still runs and wants workers: a worker is never started for a master that is going. */
  masterAlive(): boolean;
  /** A worker's process group, for the master to stop with itself when the harness is gone (driver.py quit()). */
  onStarted(pgid: number): void;
}

/** Settled before a dead worker is started again, so that a run that is stopping every group has stopped the master. */
const RESTART_DELAY_MS = 250;

export class LocalWorkers {
  private readonly live = new Map<number, ChildProcess>();
  private closing = false;

  constructor(private readonly o: LocalWorkersOptions) {}

  start(count: number): void {
    for (let slot = 1; slot <= count; slot++) this.spawnSlot(slot, 1);
  }

  private spawnSlot(slot: number, starts: number): void {
    const o = this.o;
    const args = ['--worker', '--master-host', o.host, '--master-port', String(o.port), '-f', o.file, '--loglevel', 'WARNING'];
    const [cmd, ...rest] = pinnedArgv(o.cpus, [o.locust, ...args]);
    const w = spawn(cmd as string, rest, { cwd: o.dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    if (!w.pid) throw new Error(`could not start local Locust worker ${slot}`);
    const pid = w.pid;
    this.live.set(slot, w);
    // With its identity, so no later run mistakes a reused pid for it (taskset aside, it runs locust).
    registerGroup({ pgid: pid, label: `locust worker ${slot}`, command: [cmd as string, ...rest], identity: identify(pid, o.locust, o.dir) });
    o.onStarted(pid);
    w.stderr?.on('data', (d: Buffer) => o.onStderr(d));
    w.once('exit', (code, sig) => {
      unregisterGroup(pid);
      if (this.live.get(slot) === w) this.live.delete(slot);
      // Quit as the master told it (code 0), or stopped by the harness (SIGTERM, SIGINT): not a loss.
      if (this.closing || code === 0 || sig === 'SIGTERM' || sig === 'SIGINT') return;
      const how = sig ?? `code ${code}`;
      if (starts >= MAX_STARTS) {
        o.onInfo(`locust: local worker ${slot} (pid ${pid}) exited (${how}) after ${starts} starts; not started again`);
        return;
      }
      setTimeout(() => this.restart(slot, starts, `local worker ${slot} (pid ${pid}) exited (${how})`), RESTART_DELAY_MS);
    });
  }

  private restart(slot: number, starts: number, what: string): void {
    if (this.closing || !this.o.masterAlive()) return;
    this.o.onInfo(`locust: ${what}; starting it again for the next cell`);
    try {
      this.spawnSlot(slot, starts + 1);
    } catch (e) {
      this.o.onInfo(`locust: ${what}, and could not be started again: ${(e as Error).message}`);
    }
  }

  /** Pids of the running workers, slot by slot. */
  pids(): number[] {
    return [...this.live.values()].map((w) => w.pid as number);
  }

  async stop(): Promise<void> {
    this.closing = true;
    await Promise.all(this.pids().map((pid) => stopGroup(pid, 'SIGTERM', 2000)));
  }
}
