// Starts a target in its own process group (so the harness can stop the whole tree), waits until
// its readiness path answers from that group, and says why when it does not (the log's last lines,
// the fix for the errors it knows).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode } from '../errors.js';
import type { LaunchedTargetDef } from '../types.js';
import { registerGroup, stopGroup, unregisterGroup } from '../host/children.js';
import { httpRequest } from './http-get.js';
import { identify } from '../host/identity.js';
import { portInUse } from '../host/ports.js';
import { readLogTail } from './log-tail.js';
import { substitute } from './placeholders.js';
import { pinnedArgv } from '../host/cpus.js';
import { venvHint } from '../host/python-venv.js';
import { readinessAccepts, readinessWants } from './readiness.js';

export interface LaunchSpec {
  def: LaunchedTargetDef;
  workers: number;
  threads: number;
  port: number;
  host?: string;
  logFile: string;
  readinessTimeoutMs: number;
  /** Extra environment, e.g. DATABASE_URL for the PostgreSQL variants. */
  env?: Record<string, string>;
  projectRoot: string;
  /** Pin the server (and every process it starts) to these CPUs (`--server-cpus`), at this niceness (`--server-nice`). */
  cpus?: number[] | null;
  nice?: number;
}

export interface RunningServer {
  name: string;
  url: string;
  port: number;
  pgid: number;
  command: string[];
  logFile: string;
  /** Set once the group leader has exited; the reason is kept for errored cells. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
  logTail(lines?: number): string[];
  stop(): Promise<void>;
}

/** Starts a target in its own process group and resolves once its readiness path answers (/health: 200) from that group. */
export async function launchTarget(spec: LaunchSpec): Promise<RunningServer> {
  const { def } = spec;
  const host = spec.host ?? '127.0.0.1';
  const vars = { port: String(spec.port), workers: String(spec.workers), threads: String(spec.threads), host };
  const command = def.command.map((a) => substitute(a, vars));
  // taskset execs the command, so the group is the same; the identity is the command's own script.
  const argv = pinnedArgv(spec.cpus, command, spec.nice ?? 0);
  const env = { ...process.env, ...substituteEnv(def.env ?? {}, vars), ...(spec.env ?? {}) };
  const cwd = path.resolve(spec.projectRoot, def.cwd ?? '.');

  if (await portInUse(spec.port, host)) {
    throw new BenchError('port-taken', `${def.name}: port ${spec.port} is already in use on ${host}`, {
      hint: 'another server holds the port; stop it, or let asyncbench pick a free port (it does unless a config fixes one)',
      exitCode: ExitCode.environment,
    });
  }

  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true });
  const logFd = fs.openSync(spec.logFile, 'a');
  fs.writeSync(logFd, `# ${new Date().toISOString()} ${argv.map((a) => JSON.stringify(a)).join(' ')}\n`);
  // detached: the child leads its own process group, so one kill(-pgid) reaches master and workers.
  const child = spawn(argv[0] as string, argv.slice(1), { cwd, env, detached: true, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const pgid = child.pid;
  if (pgid === undefined) {
    const err = await spawnError;
    throw notReady(def, argv, spec.logFile, `could not start: ${err.message}`, `check that the command exists (${venvHint()})`);
  }
  // Read now, while the leader surely lives: what a later run checks before it kills this group.
  registerGroup({ pgid, label: def.name, command: argv, identity: identify(pgid, command[0] as string, cwd, env.PATH) });

  const server: RunningServer = {
    name: def.name,
    url: `http://${host}:${spec.port}`,
    port: spec.port,
    pgid,
    command: argv,
    logFile: spec.logFile,
    exit: null,
    logTail: (n = 20) => readLogTail(spec.logFile, n),
    stop: () => stopGroup(pgid, def.stop.signal, def.stop.graceMs),
  };
  child.once('exit', (code, signal) => {
    server.exit = { code, signal };
  });

  try {
    await waitReady(server, def, argv, spec);
  } catch (e) {
    await server.stop();
    unregisterGroup(pgid);
    throw e;
  }
  return server;
}

async function waitReady(server: RunningServer, def: LaunchedTargetDef, argv: string[], spec: LaunchSpec): Promise<void> {
  const deadline = Date.now() + spec.readinessTimeoutMs;
  const url = server.url + def.readiness.path;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (server.exit) {
      const how = server.exit.signal ? `was killed by ${server.exit.signal}` : `exited with code ${server.exit.code}`;
      throw notReady(def, argv, spec.logFile, `${how} before it was ready`, hintFromLog(server.logTail(40)));
    }
    try {
      const res = await httpRequest(url, { timeoutMs: 2000 });
      if (readinessAccepts(def.readiness, res.status)) {
        const foreign = foreignPid(res.body, server.pgid);
        if (foreign) {
          throw notReady(
            def,
            argv,
            spec.logFile,
            `port ${spec.port} answered from pid ${foreign}, which is not part of this launch`,
            'another server holds the port; stop it and run again',
          );
        }
        return;
      }
      last = `${url} answered ${res.status}, not ${readinessWants(def.readiness)}`;
    } catch (e) {
      if (e instanceof BenchError) throw e;
      last = `${url}: ${(e as Error).message}`;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw notReady(
    def,
    argv,
    spec.logFile,
    `not ready within ${Math.round(spec.readinessTimeoutMs / 1000)} s (${last})`,
    hintFromLog(server.logTail(40)) ?? 'raise --readiness-timeout if the server is just slow to start',
  );
}

/** The pid a reference /health reports must belong to our process group; a foreign one means the port was taken. */
function foreignPid(body: string, pgid: number): number | null {
  let pid: unknown;
  try {
    pid = (JSON.parse(body) as { pid?: unknown }).pid;
  } catch {
    return null;
  }
  if (typeof pid !== 'number') return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]) === pgid ? null : pid;
  } catch {
    return null;
  }
}

function hintFromLog(tail: string[]): string | undefined {
  const text = tail.join('\n');
  if (/address already in use|EADDRINUSE|Errno 98/i.test(text)) return 'the port is already in use: stop the other server';
  if (/ModuleNotFoundError|ImportError|No module named/.test(text))
    return `a Python import failed: ${venvHint()} to (re)create the Django venv, or fix the import named above`;
  if (/ENOENT|No such file|not found/i.test(text)) return `a file or command was not found: ${venvHint()}, and check the command and cwd`;
  return undefined;
}

function notReady(def: LaunchedTargetDef, argv: string[], logFile: string, what: string, hint?: string): BenchError {
  const tail = readLogTail(logFile, 20);
  return new BenchError('target-not-ready', `target ${def.name} ${what}`, {
    problems: [`command: ${argv.join(' ')}`, `log: ${logFile}`, ...(tail.length ? ['last log lines:', ...tail.map((l) => `  ${l}`)] : ['the log is empty'])],
    hint,
    exitCode: ExitCode.cellsErrored,
  });
}

function substituteEnv(env: Record<string, string>, vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v, vars)]));
}
