// The sampler against processes whose CPU, memory and family are known. The machine is shared
// (2 cores, other tests running), so CPU is asserted in wide bands, never as a speed.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { groupPidsOf, readProc, scanGroup, treePids } from './proc-tree.js';
import { sampleSelf, startSampler, type SamplerOptions, type SamplerReport } from './sampler.js';

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

/** A node child running `code`; resolves with its first line of output once it prints one. */
function child(code: string): Promise<{ pid: number; line: string }> {
  const c = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  spawned.push(c);
  return new Promise((resolve, reject) => {
    c.once('error', reject);
    c.stdout?.once('data', (d: Buffer) => resolve({ pid: c.pid as number, line: d.toString().trim() }));
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
  it('sees a busy loop use most of a core, and an idle process almost none', async () => {
    const busy = await child("console.log('go'); for (;;) {}");
    const idle = await child(IDLE);
    const [b, i] = await Promise.all([sample({ pids: [busy.pid], intervalMs: 100 }, 1500), sample({ pids: [idle.pid], intervalMs: 100 }, 1500)]);
    expect(b.resources.cpuPct).toBeGreaterThan(50);
    expect(b.resources.cpuPct).toBeLessThanOrEqual(110);
    expect(b.resources.cpuPeakPct).toBeGreaterThanOrEqual(b.resources.cpuPct ?? Infinity);
    expect(i.resources.cpuPct).toBeLessThan(10);
    expect(b.samples[0]?.cpuPct).toBeNull();
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

describe('sampleSelf', () => {
  it('sees this process busy for a while as most of a core', () => {
    const s = sampleSelf();
    const until = performance.now() + 300;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const r = s.stop();
    expect(x).toBeGreaterThan(0);
    expect(r.cpuPct).toBeGreaterThan(50);
    expect(r.wallMs).toBeGreaterThanOrEqual(300);
  });
});
