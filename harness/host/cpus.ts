// CPU sets for the generator and the server (`--loadgen-cpus 0 --server-cpus 1-3`): parsing
// Linux's list syntax, checking it against the CPUs this machine has online, and the argv prefix
// that pins a command (and every process it starts) to a set.
import fs from 'node:fs';
import os from 'node:os';

/** Parses "0", "1-3", "0,2-3" into sorted unique CPU numbers; an error string when malformed. */
export function parseCpuList(text: string): number[] | string {
  const out = new Set<number>();
  const parts = text.split(',').map((p) => p.trim());
  for (const part of parts) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return `"${part}" is not a CPU number or range (use e.g. 0 or 1-3 or 0,2)`;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) return `"${part}" is a backwards range`;
    for (let c = a; c <= b; c++) out.add(c);
  }
  return [...out].sort((x, y) => x - y);
}

/** CPUs this process may run on (its own affinity, which a container or taskset may narrow). */
export function availableCpus(): number[] {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1];
    const parsed = line ? parseCpuList(line) : null;
    if (Array.isArray(parsed) && parsed.length > 0) return parsed;
  } catch {
    /* not Linux: fall back to the count */
  }
  return Array.from({ length: os.cpus().length }, (_, i) => i);
}

/** The CPU list in Linux's compact form: [0,1,2,5] → "0-2,5". */
export function formatCpuList(cpus: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < cpus.length; i++) {
    let j = i;
    while (j + 1 < cpus.length && cpus[j + 1] === (cpus[j] as number) + 1) j++;
    out.push(j === i ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`);
    i = j;
  }
  return out.join(',');
}

/** argv that runs a command pinned to `cpus` and at niceness `nice` (its children inherit both). */
export function pinnedArgv(cpus: readonly number[] | null | undefined, argv: string[], nice = 0): string[] {
  const pinned = cpus && cpus.length > 0 ? ['taskset', '-c', formatCpuList(cpus), ...argv] : argv;
  return nice > 0 ? ['nice', '-n', String(nice), ...pinned] : pinned;
}

/** The allowed CPUs of a running process, from /proc/<pid>/status; null when it is gone. */
export function cpusOfPid(pid: number): number[] | null {
  try {
    const line = /^Cpus_allowed_list:\s*(.+)$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    const parsed = line ? parseCpuList(line) : null;
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
