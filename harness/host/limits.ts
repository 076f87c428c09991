// Per-run resource checks: every connection is a file descriptor in the load generator (and in the
// server, which inherits our limits), and a local port.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { BenchError, ExitCode } from '../errors.js';

/** Descriptors the harness needs beyond the connections themselves: logs, /proc reads, stdio. */
const FD_HEADROOM = 256;

export function readNofile(): { soft: number; hard: number } | null {
  try {
    const line = fs
      .readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const m = line && /Max open files\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) return null;
    const n = (v: string) => (v === 'unlimited' ? Infinity : Number(v));
    return { soft: n(m[1] as string), hard: n(m[2] as string) };
  } catch {
    return null;
  }
}

export function ephemeralPorts(): number | null {
  try {
    const [lo, hi] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return lo !== undefined && hi !== undefined ? hi - lo + 1 : null;
  } catch {
    return null;
  }
}

/**
 * Raises the open-files soft limit when the connections need it and the hard limit allows (with
 * util-linux `prlimit` on this very process); otherwise refuses with the figure and the fix.
 */
export function ensureLimits(maxConnections: number, warn: (m: string) => void): void {
  const need = maxConnections * 2 + FD_HEADROOM;
  const problems: string[] = [];
  const lim = readNofile();
  if (lim && lim.soft < need) {
    if (lim.hard >= need) {
      const target = Math.min(lim.hard, Math.max(need, 65_536));
      try {
        execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${target}:${lim.hard}`], { stdio: 'ignore' });
      } catch {
        // prlimit missing or not permitted: the check below reports it with the fix
      }
      const after = readNofile();
      if (after && after.soft >= need) warn(`raised the open-files limit from ${lim.soft} to ${after.soft} for ${maxConnections} connections`);
      else problems.push(`${maxConnections} connections need about ${need} open files, but the limit is ${lim.soft} and could not be raised here`);
    } else {
      problems.push(`${maxConnections} connections need about ${need} open files, but the hard limit is ${lim.hard}`);
    }
  }
  const ports = ephemeralPorts();
  if (ports !== null && maxConnections > ports * 0.8) {
    problems.push(`${maxConnections} connections need as many local ports, but the ephemeral port range has only ${ports} (net.ipv4.ip_local_port_range)`);
  }
  if (problems.length > 0) {
    throw new BenchError('limits', 'this machine cannot open that many connections', {
      problems,
      hint: `lower --connections, or raise the limits: \`ulimit -n ${need}\` (as root, or in /etc/security/limits.conf), and \`sysctl -w net.ipv4.ip_local_port_range="1024 65535"\``,
      exitCode: ExitCode.environment,
    });
  }
}
