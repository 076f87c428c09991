// The sampler against processes whose CPU and memory are known.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { readProc, startProcSampler } from './proc-sampler.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function child(code: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  return new Promise((resolve) => c.stdout?.once('data', () => resolve(c)));
}

const sample = (pids: number[], ms: number, intervalMs = 100) =>
  new Promise<ReturnType<ReturnType<typeof startProcSampler>['stop']>>((resolve) => {
    const s = startProcSampler({ pids: () => pids, intervalMs });
    setTimeout(() => resolve(s.stop()), ms);
  });

describe('proc sampler', () => {
  it('sees a busy loop use most of a core, and an idle process almost none', async () => {
    const busy = await child("console.log('go'); for (;;) {}");
    const idle = await child("console.log('go'); setInterval(() => {}, 1000)");
    const [b, i] = await Promise.all([sample([busy.pid!], 1500), sample([idle.pid!], 1500)]);
    // One core is 100%. The machine is shared, so assert a wide band, not a speed.
    expect(b.resources.cpuPct).toBeGreaterThan(40);
    expect(b.resources.cpuPct).toBeLessThanOrEqual(105);
    expect(i.resources.cpuPct).toBeLessThan(10);
  });

  it('sees a buffer of known size in RSS, per process and summed over the tree', async () => {
    const holder = await child("const b = Buffer.alloc(200 * 2 ** 20, 1); console.log('go'); setInterval(() => b[0]++, 1000)");
    const small = await child("console.log('go'); setInterval(() => {}, 1000)");
    const r = await sample([holder.pid!, small.pid!], 600);
    expect(r.resources.rssPerProcessMiB?.[String(holder.pid)]).toBeGreaterThanOrEqual(195);
    expect(r.resources.rssPerProcessMiB?.[String(small.pid)]).toBeLessThan(100);
    expect(r.resources.rssMiB).toBeGreaterThanOrEqual(200);
    expect(r.resources.threads).toBeGreaterThanOrEqual(2);
    expect(r.resources.fds).toBeGreaterThanOrEqual(6);
  });

  it('notices a process that exits during sampling (a worker restart)', async () => {
    const a = await child("console.log('go'); setInterval(() => {}, 1000)");
    const s = startProcSampler({ pids: () => [a.pid!], intervalMs: 50 });
    await new Promise((r) => setTimeout(r, 200));
    a.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.stop().pidsChanged).toBe(true);
    expect(readProc(a.pid!)).toBeNull();
  });

  it('costs well under 1% of a core at 250 ms for a 5-process tree', async () => {
    const kids = await Promise.all([1, 2, 3, 4, 5].map(() => child("console.log('go'); setInterval(() => {}, 1000)")));
    const r = await sample(kids.map((k) => k.pid!), 3000, 250);
    expect(r.resources.samples).toBeGreaterThanOrEqual(10);
    expect(r.overheadCpuPct).toBeLessThan(1);
  });
});
