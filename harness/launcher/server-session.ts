// One target × workers for the length of its launch group: launching it (again, after a crash or
// a backlog that would not drain), telling whether it died during a cell, draining what a cell
// left queued before the next one reuses it, and stopping it. The run loop (run.ts) only asks.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from '../errors.js';
import { groupPidsOf } from '../host/proc-tree.js';
import type { LaunchedTargetDef, MessageSink, ResolvedOptions, TargetDef } from '../types.js';
import { drainBacklog } from './drain.js';
import { launchTarget, type RunningServer } from './launcher.js';
import { freePort } from '../host/ports.js';
import { checkRunningTarget } from './url-target.js';

export interface SessionContext {
  opts: ResolvedOptions;
  projectRoot: string;
  logDir: string;
  /** Told of every (re)launch, and why a server was restarted. */
  progress: MessageSink & { launch(target: string, workers: number | null): void };
  /** How long a reused server may take to serve what the previous cell left queued (config/defaults.ts). */
  drainTimeoutMs: number;
  /** Extra environment for launched targets (DATABASE_URL, the upstream's URL). */
  env?: Record<string, string>;
}

export class ServerSession {
  private server: RunningServer | null = null;
  private checked = false;
  private pidsBefore: number[] = [];
  readonly url: () => string;

  constructor(
    readonly target: TargetDef,
    private readonly workers: number | null,
    private readonly repeat: number,
    private readonly ctx: SessionContext,
  ) {
    const fixed = target.kind === 'url' ? target.url.replace(/\/$/, '') : '';
    this.url = () => this.server?.url ?? fixed;
  }

  /** The server's process group, when it is ours to sample. */
  get pgid(): number | null {
    return this.server?.pgid ?? null;
  }

  /** Ready for a cell: launched (again, if it is down) or, for a running URL target, checked once. */
  async ensureUp(): Promise<void> {
    const t = this.target;
    if (t.kind === 'url') {
      if (!this.checked) await checkRunningTarget(t);
      this.checked = true;
    } else if (this.server === null || this.server.exit) {
      await this.launch(t);
    }
    this.pidsBefore = this.server ? groupPidsOf(this.server.pgid) : [];
  }

  private async launch(t: LaunchedTargetDef): Promise<void> {
    const { opts } = this.ctx;
    this.ctx.progress.launch(t.name, this.workers);
    this.server = await launchTarget({
      def: t,
      workers: this.workers ?? 1,
      threads: opts.threads,
      port: await freePort(),
      logFile: path.join(this.ctx.logDir, `${t.name}-w${this.workers}-r${this.repeat}.log`),
      readinessTimeoutMs: Math.min(opts.readinessTimeoutS * 1000, t.readiness.timeoutMs ?? Infinity),
      env: this.ctx.env,
      projectRoot: this.ctx.projectRoot,
      cpus: opts.serverCpus,
      nice: opts.serverNice,
    });
  }

  /**
   * After a cell: a BenchError when a process of the server died during it (its figures then
   * describe a crash, not the server). The server is stopped, so the next cell relaunches it.
   */
  async diedDuringCell(): Promise<{ error: BenchError; logTail: string[] } | null> {
    const s = this.server;
    if (!s) return null;
    const gone = this.pidsBefore.filter((p) => !groupPidsOf(s.pgid).includes(p));
    if (!s.exit && gone.length === 0) return null;
    const name = this.target.name;
    const what = s.exit
      ? `${name} exited during the cell (${s.exit.signal ?? `code ${s.exit.code}`})`
      : `${name} lost process${gone.length > 1 ? 'es' : ''} ${gone.join(', ')} during the cell (a worker died)`;
    const logTail = s.logTail(20);
    await this.stop();
    return { error: new BenchError('server-died', what), logTail };
  }

  /** Before the next cell reuses the server: its backlog must drain, or a fresh one is cheaper. */
  async settle(): Promise<void> {
    const s = this.server;
    if (!s || this.target.kind !== 'launch') return;
    const drained = await drainBacklog(s.url, this.target.readiness, this.workers ?? 1, this.ctx.drainTimeoutMs);
    if (drained) return;
    this.ctx.progress.info(`${this.target.name}: requests queued by the last cell did not drain within ${this.ctx.drainTimeoutMs / 1000} s; restarting it`);
    await this.stop();
  }

  /** Where the server's log ends now, so that a cell can read what was written during it (logSince). */
  logMark(): number {
    return this.server ? logSize(this.server.logFile) : 0;
  }

  /** The log lines written since `mark`; null when this session launched nothing (a running URL target). */
  logSince(mark: number, maxBytes = 1 << 20): string[] | null {
    const s = this.server;
    if (!s) return null;
    try {
      const end = logSize(s.logFile);
      const start = Math.max(mark, end - maxBytes);
      const fd = fs.openSync(s.logFile, 'r');
      try {
        const buf = Buffer.alloc(Math.max(0, end - start));
        fs.readSync(fd, buf, 0, buf.length, start);
        return buf.toString('utf8').split('\n');
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return null;
    }
  }

  logTail(lines = 20): string[] | undefined {
    return this.server?.logTail(lines);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await s.stop();
  }
}

function logSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
