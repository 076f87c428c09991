// The Locust processes behind the engine: one master (driver.py, our own small driver on Locust's
// library API) and the local workers, each in a process group of its own that the harness's
// registry (launcher/children.ts) stops on success, error and Ctrl-C. A session lives across cells
// (Locust workers outlive a stop and wait for the next spawn), so remote workers connect once per
// run; it ends when the run stops every group, or when a cell fails.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError, ExitCode } from '../../errors.js';
import { registerGroup, stopGroup, unregisterGroup } from '../../launcher/children.js';
import { identify } from '../../launcher/identity.js';
import { PROJECT_ROOT } from '../../catalog/catalog.js';
import { pinnedArgv } from '../cpus.js';
import { locustfileText } from './locustfile.js';
import { venvHint } from '../../package-root.js';

/** What the driver says on stdout, one JSON object a line (driver.py's header lists them). */
export type DriverEvent = { t: string; [k: string]: unknown };

export interface SessionConfig {
  localWorkers: number;
  remoteWorkers: number;
  /** HOST:PORT for the master, or null for loopback on a free port. */
  masterBind: string | null;
  workersTimeoutS: number;
  /** CPUs the master and the local workers are pinned to (taskset); null: not pinned. */
  cpus: number[] | null;
  onInfo(message: string): void;
}

const VENV = path.join(PROJECT_ROOT, 'servers/django/.venv');
const DRIVER_PY = fileURLToPath(new URL('./driver.py', import.meta.url));
/** The pins in servers/django/requirements.txt, for the command a remote host runs. */
export const LOCUST_PINS = 'locust==2.47.0 hdrhistogram==0.10.8';
/** Temp directory of a session's locustfile: `<prefix><harness pid>-…`, in every Locust process's command line. */
export const LOCUST_DIR_PREFIX = 'asyncbench-locust-';

export class LocustSession {
  readonly key: string;
  private readonly listeners = new Set<(m: DriverEvent) => void>();
  private readonly groups: number[] = [];
  private readonly stderrTail: string[] = [];
  /** Set once the master or a local worker has gone: every later wait fails with it. */
  failure: Error | null = null;
  private closing = false;

  private constructor(
    readonly cfg: SessionConfig,
    private readonly dir: string,
    private readonly master: ChildProcess,
    readonly port: number,
  ) {
    this.key = sessionKey(cfg);
  }

  static async open(cfg: SessionConfig, signal?: AbortSignal): Promise<LocustSession> {
    const python = path.join(VENV, 'bin/python');
    const locust = path.join(VENV, 'bin/locust');
    if (!fs.existsSync(python) || !fs.existsSync(locust)) {
      throw new BenchError('locust-missing', `Locust is not installed in ${path.relative(process.cwd(), VENV) || VENV}`, {
        hint: `${venvHint()}: it installs the pinned locust and hdrhistogram next to Django`,
        exitCode: ExitCode.environment,
      });
    }
    const [bindHost, bindPort] = cfg.masterBind ? splitHostPort(cfg.masterBind) : ['127.0.0.1', cfg.remoteWorkers > 0 ? 5557 : await freePort()];
    // The harness's pid in the name: the master's and the workers' command lines name their owner.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${LOCUST_DIR_PREFIX}${process.pid}-`));
    const file = path.join(dir, 'asyncbench_locustfile.py');
    fs.writeFileSync(file, locustfileText());
    const expect = cfg.localWorkers + cfg.remoteWorkers;
    const argv = [
      DRIVER_PY,
      '--locustfile',
      file,
      '--bind',
      bindHost,
      '--port',
      String(bindPort),
      '--expect-workers',
      String(expect),
      '--workers-timeout',
      String(cfg.workersTimeoutS),
    ];
    // detached: the master leads its own process group, so one kill(-pgid) reaches all of it.
    const [mcmd, ...margs] = pinnedArgv(cfg.cpus, [python, ...argv]);
    const master = spawn(mcmd as string, margs, { cwd: dir, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const s = new LocustSession(cfg, dir, master, bindPort);
    s.adopt(master, 'locust master', [mcmd as string, ...margs], python);
    let buf = '';
    master.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (!line.startsWith('{')) continue;
        try {
          const m = JSON.parse(line) as DriverEvent;
          for (const l of [...s.listeners]) l(m);
        } catch {
          // not ours (a stray print from a library): ignore
        }
      }
    });
    master.stderr?.on('data', (d: Buffer) => s.keepTail(d));
    // 'close', not 'exit': every line the master wrote (a fatal message above all) has been read by then.
    master.once('close', (code, sig) => {
      s.fail(
        new BenchError('loadgen-master-exited', `the Locust master exited (${sig ?? `code ${code}`})${s.tailText()}`, { exitCode: ExitCode.cellsErrored }),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    });

    await s.waitFor((m) => m.t === 'listening', 60_000, 'the Locust master did not start');
    const connectHost = bindHost === '0.0.0.0' || bindHost === '::' || bindHost === '[::]' ? '127.0.0.1' : bindHost;
    if (cfg.remoteWorkers > 0) {
      const advertised = connectHost === '127.0.0.1' && bindHost !== '127.0.0.1' ? os.hostname() : connectHost;
      // The worker fetches the generated locustfile from the master (-f -): nothing to copy, no secrets.
      const loopback = /^(127\.|localhost$|::1$)/.test(bindHost);
      const reach = loopback
        ? '\n  (the master listens on loopback only, so workers must run on this machine; for other hosts add --master-bind 0.0.0.0:5557 --allow-remote)'
        : '';
      cfg.onInfo(
        `locust: waiting up to ${cfg.workersTimeoutS} s for ${cfg.remoteWorkers} remote worker${cfg.remoteWorkers > 1 ? 's' : ''}; on each generator host run (after pip install ${LOCUST_PINS}):\n    locust --worker --master-host ${advertised} --master-port ${bindPort} -f -${reach}`,
      );
    }
    for (let i = 0; i < cfg.localWorkers; i++) {
      const wargv = ['--worker', '--master-host', connectHost, '--master-port', String(bindPort), '-f', file, '--loglevel', 'WARNING'];
      const [wcmd, ...wrest] = pinnedArgv(cfg.cpus, [locust, ...wargv]);
      const w = spawn(wcmd as string, wrest, { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      s.adopt(w, `locust worker ${i + 1}`, [wcmd as string, ...wrest], locust);
      w.stderr?.on('data', (d: Buffer) => s.keepTail(d));
      w.once('exit', (code, sig) =>
        s.fail(new BenchError('loadgen-worker-lost', `local Locust worker ${i + 1} (pid ${w.pid}) exited (${sig ?? `code ${code}`})${s.tailText()}`)),
      );
    }
    let fatal: DriverEvent | null = null;
    const offFatal = s.on((m) => {
      if (m.t === 'fatal') fatal = m;
    });
    try {
      await s.waitFor((m) => m.t === 'ready', (cfg.workersTimeoutS + 30) * 1000, 'the Locust workers did not connect', signal);
    } catch (e) {
      await s.close();
      if (!fatal || signal?.aborted) throw e;
      const hint =
        cfg.remoteWorkers > 0
          ? `start them on the generator hosts with: locust --worker --master-host <this host> --master-port ${bindPort} -f -   (or raise --workers-timeout)`
          : 'the local workers did not start: see the lines above';
      throw new BenchError('loadgen-workers-timeout', String((fatal as DriverEvent).message), { hint, exitCode: ExitCode.cellsErrored });
    } finally {
      offFatal();
    }
    return s;
  }

  /** Registers a group with its identity (`program`: what it runs, taskset aside), so no later run mistakes a reused pid for it. */
  private adopt(child: ChildProcess, label: string, command: string[], program: string): void {
    if (!child.pid) throw new Error(`could not start ${label}`);
    this.groups.push(child.pid);
    registerGroup({ pgid: child.pid, label, command, identity: identify(child.pid, program, this.dir) });
    child.once('exit', () => unregisterGroup(child.pid as number));
  }

  private keepTail(d: Buffer): void {
    for (const l of d.toString().split('\n')) if (l.trim()) this.stderrTail.push(l);
    if (this.stderrTail.length > 20) this.stderrTail.splice(0, this.stderrTail.length - 20);
  }

  private tailText(): string {
    const tail = this.stderrTail.slice(-5);
    return tail.length > 0 ? `; last lines:\n  ${tail.join('\n  ')}` : '';
  }

  private fail(e: Error): void {
    if (this.closing) return;
    this.failure ??= e;
    for (const l of [...this.listeners]) l({ t: 'session-failed' });
  }

  private readonly clockWarned = new Set<string>();

  /** Once per worker: its clock is off ours; the driver already gives it the window in its own time. */
  warnClock(worker: string, offsetMs: number, rttMs: number): void {
    if (this.clockWarned.has(worker)) return;
    this.clockWarned.add(worker);
    const off = `${offsetMs > 0 ? '+' : ''}${Math.round(offsetMs)} ms`;
    this.cfg.onInfo(
      `locust: worker ${worker}'s clock is ${off} off this machine's (round trip ${rttMs.toFixed(1)} ms); its window is shifted to the same instants, but sync the generator hosts' clocks (NTP)`,
    );
  }

  get alive(): boolean {
    return this.failure === null && !this.closing;
  }

  send(cmd: Record<string, unknown>): void {
    if (this.master.stdin?.writable) this.master.stdin.write(`${JSON.stringify(cmd)}\n`);
  }

  on(fn: (m: DriverEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The first event matching `pred`; rejects on timeout or when the session fails. */
  waitFor(pred: (m: DriverEvent) => boolean, ms: number, what: string, signal?: AbortSignal): Promise<DriverEvent> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (signal?.aborted) return reject(new AbortedWait());
      const timer = setTimeout(() => done(new Error(`${what} within ${Math.round(ms / 1000)} s${this.tailText()}`)), ms);
      const onAbort = () => done(new AbortedWait());
      signal?.addEventListener('abort', onAbort, { once: true });
      const off = this.on((m) => {
        if (m.t === 'session-failed') done(this.failure as Error);
        else if (pred(m)) done(null, m);
      });
      const done = (e: Error | null, m?: DriverEvent) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        off();
        if (e) reject(e);
        else resolve(m as DriverEvent);
      };
    });
  }

  /** Quits the master (which sends "quit" to every worker), then stops every group. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.send({ t: 'quit' });
    this.master.stdin?.end();
    await Promise.all(this.groups.map((g, i) => stopGroup(g, 'SIGTERM', i === 0 ? 4000 : 2000)));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A wait given up because the run was interrupted (Ctrl-C while waiting for workers). */
export class AbortedWait extends Error {
  constructor() {
    super('interrupted while waiting for the Locust workers');
  }
}

export function sessionKey(cfg: SessionConfig): string {
  return JSON.stringify([cfg.localWorkers, cfg.remoteWorkers, cfg.masterBind, cfg.workersTimeoutS, cfg.cpus]);
}

function splitHostPort(hp: string): [string, number] {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i).replace(/^\[|\]$/g, ''), Number(hp.slice(i + 1))];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
