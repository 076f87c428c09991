// The sampler against processes whose CPU, memory and family are known. The machine is shared
// (2 cores, other tests running), so CPU is asserted in wide bands, never as a speed.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { groupPidsOf, readProc, scanGroup, treePids } from '../host/proc-tree.js';
import { startSampler, type SamplerOptions, type SamplerReport } from './sampler.js';

const spawned: ChildProcess[] = [];
afterAll(() => {
  // Each child leads its own group, so its grandchildren die with it.
  for (const c of spawned) {
    try {
      process.kill(-(c.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

interface Child {
  pid: number;
  /** Its first line of output. */
  line: string;
  /** Resolves with its next line. */
  next(): Promise<string>;
}

/** A node child running `code`; resolves once it prints its first line. */
function child(code: string): Promise<Child> {
  const c = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  spawned.push(c);
  const lines: string[] = [];
  const waiters: Array<(l: string) => void> = [];
  let buf = '';
  c.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const l = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(l);
      else lines.push(l);
    }
  });
  const next = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift() as string) : waiters.push(resolve)));
  return new Promise((resolve, reject) => {
    c.once('error', reject);
    void next().then((line) => resolve({ pid: c.pid as number, line, next }));
  });
}

const IDLE = "console.log('go'); setInterval(() => {}, 1000)";
/** A parent that spawns n idle children and prints their pids. */
const parentOf = (n: number) =>
  `const { spawn } = require('node:child_process');
   const kids = Array.from({ length: ${n} }, () => spawn(process.execPath, ['-e', ${JSON.stringify(IDLE)}], { stdio: ['ignore', 'pipe', 'inherit'] }));
   Promise.all(kids.map((k) => new Promise((r) => k.stdout.once('data', r)))).then(() => console.log(kids.map((k) => k.pid).join(' ')));
   process.stdin.resume(); setInterval(() => {}, 1000);`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function sample(opts: SamplerOptions, ms: number): Promise<SamplerReport> {
  const s = startSampler(opts);
  await sleep(ms);
  return s.stop();
}

describe('proc tree', () => {
  it('finds a parent and both its children from the root pid', async () => {
    const parent = await child(parentOf(2));
    const kids = parent.line.split(' ').map(Number);
    expect(treePids(parent.pid)).toEqual([parent.pid, ...kids].sort((a, b) => a - b));
    const r = await sample({ rootPid: parent.pid, intervalMs: 100 }, 400);
    expect(r.pidsSeen).toEqual([parent.pid, ...kids].sort((a, b) => a - b));
    expect(Object.keys(r.rssPeakPerPidMiB)).toHaveLength(3);
    expect(r.samples.every((s) => s.processes === 3)).toBe(true);
    expect(r.pidsChanged).toBe(false);
  });

  it('finds a process group through its leader, the same members a full /proc scan finds', async () => {
    const parent = await child(parentOf(2));
    const kids = parent.line.split(' ').map(Number);
    const all = [parent.pid, ...kids].sort((a, b) => a - b);
    expect(groupPidsOf(parent.pid)).toEqual(all);
    expect(scanGroup(parent.pid)).toEqual(all);
    const r = await sample({ pgid: parent.pid, intervalMs: 100 }, 300);
    expect(r.pidsSeen).toEqual(all);
  });

  it('is empty for a pid that does not exist', () => {
    expect(treePids(2 ** 22 + 7)).toEqual([]);
    expect(readProc(2 ** 22 + 7)).toBeNull();
  });
});

describe('sampler', () => {
  it('sees a busy loop use most of a core, as much as the child itself counts, and an idle process almost none', async () => {
    // The child counts its own CPU over its busy second: the reference the sampler must agree with,
    // however busy the shared machine is.
    const busy = child(
      "const t0 = Date.now(), c0 = process.cpuUsage(); console.log('go'); while (Date.now() - t0 < 1500) {} const c = process.cpuUsage(c0); console.log('cpu ' + ((c.user + c.system) / 10 / (Date.now() - t0))); setInterval(() => {}, 1000)",
    );
    const idle = await child(IDLE);
    const b = await busy;
    const s = startSampler({ pids: [b.pid], intervalMs: 100 });
    const i = startSampler({ pids: [idle.pid], intervalMs: 100 });
    const own = await b.next();
    const [rb, ri] = [s.stop(), i.stop()];
    const selfPct = Number(own.replace('cpu ', ''));
    // > 50% of a core unless the machine was so busy that the child itself got less.
    expect(rb.resources.cpuPct).toBeGreaterThan(Math.min(50, selfPct - 20));
    expect(Math.abs((rb.resources.cpuPct ?? 0) - selfPct)).toBeLessThan(20);
    expect(rb.resources.cpuPct).toBeLessThanOrEqual(110);
    expect(rb.resources.cpuPeakPct).toBeGreaterThanOrEqual(rb.resources.cpuPct ?? Infinity);
    expect(ri.resources.cpuPct).toBeLessThan(10);
    expect(rb.samples[0]?.cpuPct).toBeNull();
  });

  it('sees a touched 200 MiB buffer in RSS, per process and summed over the tree', async () => {
    const holder = await child("const b = Buffer.alloc(200 * 2 ** 20, 1); console.log('go'); setInterval(() => b[0]++, 1000)");
    const small = await child(IDLE);
    const r = await sample({ pids: [holder.pid, small.pid], intervalMs: 100 }, 500);
    expect(r.resources.rssPerProcessMiB?.[String(holder.pid)]).toBeGreaterThanOrEqual(180);
    expect(r.resources.rssPerProcessMiB?.[String(small.pid)]).toBeLessThan(100);
    expect(r.resources.rssMiB).toBeGreaterThanOrEqual(180);
    expect(r.resources.rssPeakMiB).toBeGreaterThanOrEqual(r.resources.rssMiB ?? Infinity);
    // Node has ~7+ threads and a handful of fds per process.
    expect(r.resources.threads).toBeGreaterThanOrEqual(4);
    expect(r.resources.fds).toBeGreaterThanOrEqual(6);
  });

  it('reports a restarted worker as a pid that vanished and one that appeared', async () => {
    const parent = await child(parentOf(1));
    const [old] = parent.line.split(' ').map(Number);
    const s = startSampler({ rootPid: parent.pid, intervalMs: 50 });
    await sleep(200);
    process.kill(old as number, 'SIGKILL');
    await sleep(200);
    const r = s.stop();
    expect(r.pidsVanished).toEqual([old]);
    expect(r.pidsChanged).toBe(true);
    // Pids that appear: the same report from a fixed-function target whose membership grows.
    const extra = await child(IDLE);
    let members = [parent.pid];
    const g = startSampler({ pids: () => members, intervalMs: 50 });
    await sleep(120);
    members = [parent.pid, extra.pid];
    await sleep(120);
    expect(g.stop()).toMatchObject({ pidsAppeared: [extra.pid], pidsVanished: [], pidsChanged: true });
  });

  it('costs well under 1% of a core at 250 ms for a 5-process tree', async () => {
    const parent = await child(parentOf(4));
    const r = await sample({ rootPid: parent.pid, intervalMs: 250 }, 3000);
    expect(r.pidsSeen).toHaveLength(5);
    expect(r.resources.samples).toBeGreaterThanOrEqual(10);
    expect(r.overheadCpuPct).toBeLessThan(1);
    expect(r.resources.samplerCpuPct).toBe(r.overheadCpuPct);
    console.log(`sampler overhead, 5-process tree at 250 ms: ${r.overheadMsPerTick} ms CPU per tick, ${r.overheadCpuPct}% of a core`);
  });

  it('waits out delayMs before its first tick', async () => {
    const idle = await child(IDLE);
    const r = await sample({ pids: [idle.pid], intervalMs: 50, delayMs: 10_000 }, 100);
    expect(r.resources).toMatchObject({ samples: 0, cpuPct: null, rssMiB: null });
  });
});
