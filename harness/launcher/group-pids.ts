import fs from 'node:fs';

/** Live (non-zombie) pids whose process group is `pgid`, read from /proc: master and workers together. */
export function groupPids(pgid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') out.push(Number(name));
    } catch {
      // the process ended between readdir and read
    }
  }
  return out.sort((a, b) => a - b);
}
