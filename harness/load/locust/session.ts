// The Locust processes behind the engine: one master (driver.py, our own small driver on Locust's
// library API) and the local workers (local-workers.ts), each in a process group of its own that
// the harness's registry (host/children.ts) stops on success, error and Ctrl-C. A session
// lives across cells (Locust workers outlive a stop and wait for the next spawn), so remote
// workers connect once per run; a worker lost mid-cell costs that cell only (issue 22 item 12).
// The session ends when the run stops every group, or when the master is gone.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchError, ExitCode } from '../../errors.js';
import { registerGroup, stopGroup, unregisterGroup } from '../../host/children.js';
import { identify } from '../../host/identity.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { pinnedArgv } from '../../host/cpus.js';
import { locustfileText } from './locustfile.js';
import { LocalWorkers } from './local-workers.js';
import { PYTHON_VENV, venvBin, venvHint } from '../../host/python-venv.js';

/** What the driver says on stdout, one JSON object a line (driver.py's header lists them). */
export type DriverEvent = { t: string; [k: string]: unknown };

export interface SessionConfig {
  localWorkers: number;
  remoteWorkers: number;
  /** HOST:PORT for the master, or null for loopback on a free port (printed for remote workers). */
  masterBind: string | null;
  workersTimeoutS: number;
  /** Fewest workers a cell may run with once some are lost (--workers-min); null: every one. */
  workersMin: number | null;
  /** CPUs the master and the local workers are pinned to (taskset); null: not pinned. */
  cpus: number[] | null;
  onInfo(message: string): void;
}

const DRIVER_PY = fileURLToPath(new URL('./driver.py', import.meta.url));
/** The pins in the project's Python requirements (servers/django/requirements.txt), for the command a remote host runs. */
export const LOCUST_PINS = 'locust==2.47.0 hdrhistogram==0.10.8';
/** Temp directory of a session's locustfile: `<prefix><harness pid>-…`, in every Locust process's command line. */
export const LOCUST_DIR_PREFIX = 'asyncbench-locust-';

export class LocustSession {
  readonly key: string;
  private readonly listeners = new Set<(m: DriverEvent) => void>();
  private readonly stderrTail: string[] = [];
  private readonly told = new Set<string>();
  private workers: LocalWorkers | null = null;
  /** The port the master listens on (the kernel's pick unless --master-bind named one). */
  port = 0;
  /** Set once the master has gone: every later wait fails with it. */
  failure: Error | null = null;
  private closing = false;

  private constructor(
    readonly cfg: SessionConfig,
    private readonly dir: string,
    private readonly master: ChildProcess,
  ) {
    this.key = sessionKey(cfg);
    this.on((m) => this.tell(m));
  }

  static async open(cfg: SessionConfig, signal?: AbortSignal): Promise<LocustSession> {
    const python = venvBin('python');
    const locust = venvBin('locust');
    if (!fs.existsSync(python) || !fs.existsSync(locust)) {
      throw new BenchError(
        'locust-missing',
        `Locust is not installed in the project's Python venv (${path.relative(process.cwd(), PYTHON_VENV) || PYTHON_VENV})`,
        {
          hint: `${venvHint()}: it installs the pinned locust and hdrhistogram`,
          exitCode: ExitCode.environment,
        },
      );
    }
    const [bindHost, bindPort] = cfg.masterBind ? splitHostPort(cfg.masterBind) : ['127.0.0.1', 0];
    // The harness's pid in the name: the master's and the workers' command lines name their owner.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${LOCUST_DIR_PREFIX}${process.pid}-`));
    const file = path.join(dir, 'asyncbench_locustfile.py');
    fs.writeFileSync(file, locustfileText());
    const s = LocustSession.startMaster(cfg, dir, [python, DRIVER_PY, '--locustfile', file, '--bind', bindHost, '--port', String(bindPort)]);
    s.port = await s.listening(cfg, bindHost, bindPort);
    const connectHost = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;
    if (cfg.remoteWorkers > 0) cfg.onInfo(remoteWorkerHelp(cfg, bindHost, connectHost, s.port));
    if (cfg.localWorkers > 0) {
      const keepTail = (d: Buffer) => s.keepTail(d);
      const masterAlive = () => s.alive && s.master.exitCode === null && s.master.signalCode === null;
      const onStarted = (pgid: number) => s.send({ t: 'local-workers', pgids: [pgid] });
      const w = { locust, dir, file, host: connectHost, port: s.port, cpus: cfg.cpus };
      s.workers = new LocalWorkers({ ...w, onStderr: keepTail, onInfo: cfg.onInfo, masterAlive, onStarted });
      s.workers.start(cfg.localWorkers);
    }
    await s.waitReady(signal);
    return s;
  }

  /** The master, detached (it leads its own process group), registered with its identity, its events read line by line. */
  private static startMaster(cfg: SessionConfig, dir: string, argv: string[]): LocustSession {
    const expect = cfg.localWorkers + cfg.remoteWorkers;
    const full = [
      ...argv,
      '--expect-workers',
      String(expect),
      '--workers-min',
      String(cfg.workersMin ?? expect),
      '--workers-timeout',
      String(cfg.workersTimeoutS),
    ];
    const [cmd, ...args] = pinnedArgv(cfg.cpus, full);
    const master = spawn(cmd as string, args, { cwd: dir, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    if (!master.pid) throw new Error('could not start the Locust master');
    const pid = master.pid;
    registerGroup({ pgid: pid, label: 'locust master', command: [cmd as string, ...args], identity: identify(pid, argv[0] as string, dir) });
    const s = new LocustSession(cfg, dir, master);
    let buf = '';
    master.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('{')) s.dispatch(line);
      }
    });
    master.stderr?.on('data', (d: Buffer) => s.keepTail(d));
    // 'close', not 'exit': every line the master wrote (a fatal message above all) has been read by then.
    master.once('close', (code, sig) => {
      unregisterGroup(pid);
      s.fail(
        new BenchError('loadgen-master-exited', `the Locust master exited (${sig ?? `code ${code}`})${s.tailText()}`, { exitCode: ExitCode.cellsErrored }),
      );
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return s;
  }

  private dispatch(line: string): void {
    let m: DriverEvent;
    try {
      m = JSON.parse(line) as DriverEvent;
    } catch {
      return; // not ours (a stray print from a library)
    }
    for (const l of [...this.listeners]) l(m);
  }

  /** The port the master listens on; a port it cannot have is a one-line error (exit 3), not a traceback. */
  private async listening(cfg: SessionConfig, host: string, port: number): Promise<number> {
    let fatal: DriverEvent | null = null;
    const off = this.on((m) => {
      if (m.t === 'fatal') fatal = m;
    });
    try {
      return Number((await this.waitFor((m) => m.t === 'listening', 60_000, 'the Locust master did not start')).port);
    } catch (e) {
      await this.close();
      const f = fatal as DriverEvent | null;
      if (f?.code !== 'master-port') throw e;
      throw new BenchError('locust-master-port', String(f.message), {
        hint: cfg.masterBind
          ? `pick another port in --master-bind ${host}:PORT, or leave --master-bind out: the master then takes a free port and prints it`
          : undefined,
        exitCode: ExitCode.environment,
      });
    } finally {
      off();
    }
  }

  /** Until every expected worker (or, after --workers-timeout, --workers-min of them) is connected. */
  private async waitReady(signal?: AbortSignal): Promise<void> {
    const cfg = this.cfg;
    let fatal: DriverEvent | null = null;
    const off = this.on((m) => {
      if (m.t === 'fatal') fatal = m;
    });
    try {
      await this.waitFor((m) => m.t === 'ready', (cfg.workersTimeoutS + 30) * 1000, 'the Locust workers did not connect', signal);
    } catch (e) {
      await this.close();
      if (!fatal || signal?.aborted) throw e;
      const hint =
        cfg.remoteWorkers > 0
          ? `start them on the generator hosts with: locust --worker --master-host <this host> --master-port ${this.port} -f -   (or raise --workers-timeout)`
          : 'the local workers did not start: see the lines above';
      throw new BenchError('loadgen-workers-timeout', String((fatal as DriverEvent).message), { hint, exitCode: ExitCode.cellsErrored });
    } finally {
      off();
    }
  }

  /** What the master says about its workers, told once each. */
  private tell(m: DriverEvent): void {
    let say: string | null = null;
    if (m.t === 'short') say = `locust: ${m.workers} of ${m.expected} workers connected; continuing with ${m.workers} (--workers-min ${m.min})`;
    else if (m.t === 'worker-refused') say = `locust: refused worker ${m.worker}: ${m.reason}; install ${LOCUST_PINS} there`;
    else if (m.t === 'worker-held') say = `locust: worker ${m.worker} connected mid-cell; it joins at the next cell`;
    if (say === null || this.told.has(say)) return;
    this.told.add(say);
    this.cfg.onInfo(say);
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

  get alive(): boolean {
    return this.failure === null && !this.closing;
  }

  /** Pids of the local workers running now (tests). */
  localWorkerPids(): number[] {
    return this.workers?.pids() ?? [];
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
    await Promise.all([this.master.pid ? stopGroup(this.master.pid, 'SIGTERM', 4000) : null, this.workers?.stop()]);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What to run on each generator host, with the port the master really listens on. */
function remoteWorkerHelp(cfg: SessionConfig, bindHost: string, connectHost: string, port: number): string {
  const advertised = connectHost === '127.0.0.1' && bindHost !== '127.0.0.1' ? os.hostname() : connectHost;
  // The worker fetches the generated locustfile from the master (-f -): nothing to copy, no secrets.
  const loopback = /^(127\.|localhost$|::1$)/.test(bindHost);
  const reach = loopback
    ? '\n  (the master listens on loopback only, so workers must run on this machine; for other hosts add --master-bind 0.0.0.0:5557 --allow-remote)'
    : '';
  const n = cfg.remoteWorkers;
  return `locust: the master listens on ${bindHost}:${port}; waiting up to ${cfg.workersTimeoutS} s for ${n} remote worker${n > 1 ? 's' : ''}; on each generator host run (after pip install ${LOCUST_PINS}):\n    locust --worker --master-host ${advertised} --master-port ${port} -f -${reach}`;
}

/** A wait given up because the run was interrupted (Ctrl-C while waiting for workers). */
export class AbortedWait extends Error {
  constructor() {
    super('interrupted while waiting for the Locust workers');
  }
}

export function sessionKey(cfg: SessionConfig): string {
  return JSON.stringify([cfg.localWorkers, cfg.remoteWorkers, cfg.masterBind, cfg.workersTimeoutS, cfg.workersMin, cfg.cpus]);
}

function splitHostPort(hp: string): [string, number] {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i).replace(/^\[|\]$/g, ''), Number(hp.slice(i + 1))];
}
