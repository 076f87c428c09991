// What identifies a server we launched, in terms that cannot drift after launch (issue 16): its
// process group and session (spawned detached, so it leads both), its start time from
// /proc/<pid>/stat, and the script it runs. The command line is no identity: gunicorn, uvicorn and
// granian start through their #! line, so the kernel reports `python .venv/bin/gunicorn …`, and a
// server may rewrite its own title (setproctitle).
import fs from 'node:fs';
import path from 'node:path';
import { readStat } from './proc-tree.js';

export interface LaunchIdentity {
  /** Start of the group leader, clock ticks since boot (/proc/<pid>/stat field 22). */
  startTicks: number;
  /** Session id; equals the pgid for a group we created. */
  sid: number;
  /** The executable or script the command names, every symlink resolved; null if not found. */
  script: string | null;
  /** /proc/sys/kernel/random/boot_id: start ticks only compare within one boot. */
  bootId: string | null;
}

export function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

const real = (p: string): string | null => {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
};

/** The file spawn() runs for `cmd`: a path relative to cwd, or a bare name looked up on PATH. */
export function resolveExecutable(cmd: string, cwd: string, pathEnv = process.env.PATH ?? ''): string | null {
  if (cmd.includes('/')) return real(path.resolve(cwd, cmd));
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const p = path.resolve(cwd, dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return real(p);
    } catch {
      // not here
    }
  }
  return null;
}

/** Read right after spawn() returns: by then the child has called setsid() and exec'd. */
export function identify(pid: number, cmd: string, cwd: string, pathEnv?: string): LaunchIdentity | null {
  const s = readStat(pid);
  if (!s) return null;
  return { startTicks: s.startTicks, sid: s.sid, script: resolveExecutable(cmd, cwd, pathEnv), bootId: bootId() };
}

/** `#!/interp [arg]` of a script, or null for a binary (or an unreadable file). */
function shebang(file: string): string[] | null {
  try {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    const head = buf.subarray(0, n).toString('utf8');
    if (!head.startsWith('#!')) return null;
    return head.slice(2).split('\n')[0]!.trim().split(/\s+/).filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * True when process `pid` runs `script`: the kernel's argv[0] is the script itself, or, for a
 * #! script, the interpreter (resolved, or reached through /usr/bin/env) followed by the script.
 */
export function runsScript(pid: number, script: string): boolean {
  let argv: string[];
  let cwd: string;
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return false;
  }
  const at = (i: number) => (argv[i] === undefined ? null : real(path.resolve(cwd, argv[i]!)));
  if (at(0) === script) return true;
  const interp = shebang(script);
  if (!interp?.length) return false;
  const direct = real(interp[0]!);
  const viaEnv = path.basename(interp[0]!) === 'env';
  const leader = at(0) ?? argv[0] ?? '';
  const program = interp.slice(1).find((a) => !a.startsWith('-')) ?? '';
  const interpreterOk = viaEnv ? program !== '' && path.basename(leader).startsWith(path.basename(program)) : leader === direct;
  // The script follows the interpreter, after at most one interpreter option (`#!/usr/bin/python -u`).
  return interpreterOk && (at(1) === script || at(2) === script);
}
