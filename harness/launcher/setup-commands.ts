// A target's setup commands (migrations, seeding) run once per run, before any server starts, each
// in a registered process group with its log, so a failure names its command and output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode } from '../errors.js';
import { registerGroup, unregisterGroup } from '../host/children.js';
import { identify } from '../host/identity.js';
import { readLogTail } from './log-tail.js';
import type { TargetDef } from '../types.js';
import { userCommand } from '../package-root.js';

/** Runs a target's setup commands (migrate, seed) once, in order, each in its own process group. */
export async function runSetupCommands(
  label: string,
  commands: string[][],
  opts: { cwd: string; env?: Record<string, string>; logFile: string; timeoutMs?: number },
): Promise<void> {
  fs.mkdirSync(path.dirname(opts.logFile), { recursive: true });
  for (const argv of commands) {
    const fd = fs.openSync(opts.logFile, 'a');
    fs.writeSync(fd, `# ${argv.join(' ')}\n`);
    const env = { ...process.env, ...(opts.env ?? {}) };
    const child = spawn(argv[0] as string, argv.slice(1), { cwd: opts.cwd, env, detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    // With its identity, like every group: a later run must not take a reused pid for it.
    if (child.pid)
      registerGroup({ pgid: child.pid, label: `${label} setup`, command: argv, identity: identify(child.pid, argv[0] as string, opts.cwd, env.PATH) });
    const result = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), opts.timeoutMs ?? 300_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        resolve({ code: null, error });
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code });
      });
    });
    if (child.pid) unregisterGroup(child.pid);
    if (result.error || result.code !== 0) {
      throw new BenchError(
        'setup-failed',
        `setup of ${label} failed: ${argv.join(' ')} ${result.error ? `(${result.error.message})` : `exited with ${result.code}`}`,
        {
          problems: readLogTail(opts.logFile, 20),
          hint: `run \`${userCommand('setup')}\` first; the full log is in the run directory under logs/`,
          exitCode: ExitCode.environment,
        },
      );
    }
  }
}

/** Setup commands of every target in the run, once per distinct (commands, cwd), before any server starts. */
export async function runTargetSetups(
  groups: Array<{ target: string }>,
  targets: TargetDef[],
  ctx: { projectRoot: string; logDir: string; env?: Record<string, string>; info(m: string): void },
): Promise<void> {
  const seen = new Set<string>();
  for (const g of groups) {
    const t = targets.find((x) => x.name === g.target);
    if (!t || t.kind !== 'launch' || !t.setup?.length) continue;
    const cwd = path.resolve(ctx.projectRoot, t.cwd ?? '.');
    const key = JSON.stringify([t.setup, cwd]);
    if (seen.has(key)) continue;
    seen.add(key);
    ctx.info(`setting up ${t.name}: ${t.setup.map((c) => path.basename(c[0] ?? '') + ' ' + c.slice(1).join(' ')).join('; ')}`);
    await runSetupCommands(t.name, t.setup, { cwd, env: { ...(t.env ?? {}), ...(ctx.env ?? {}) }, logFile: path.join(ctx.logDir, `setup-${t.name}.log`) });
  }
}
