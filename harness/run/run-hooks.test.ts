// The run hooks' sampler with real processes (issue 16 item 5): a sampler begun after its cell has
// ended (a long-poll cell that ends before its window opens) must not keep a timer or tick on, and
// a worker restart must name the pids that went and came.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/index.js';
import type { LoadOutcome } from '../load/driver.js';
import { fixture } from '../report/fixtures/load-fixture.js';
import { cellHooks } from './run-hooks.js';
import { activeSamplers } from '../samplers/sampler.js';
import type { ResolvedOptions } from '../types.js';

const spawned: ChildProcess[] = [];
afterAll(() => {
  for (const c of spawned) {
    try {
      process.kill(-(c.pid as number), 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A process group led by a node process running `code`; resolves with its pid and its first line. */
function group(code: string): Promise<{ pgid: number; lines: string[] }> {
  const c = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  spawned.push(c);
  const lines: string[] = [];
  return new Promise((resolve) => {
    c.stdout?.on('data', (d: Buffer) => {
      lines.push(...d.toString().split('\n').filter(Boolean));
      if (lines.length === 1) resolve({ pgid: c.pid as number, lines });
    });
  });
}

const IDLE = "console.log('up'); setInterval(() => {}, 1000)";
// A master that keeps one worker, starts a new one when it dies, and prints each worker's pid.
const MASTER = `const { spawn } = require('node:child_process');
  const start = () => { const w = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(w.pid); w.once('exit', start); };
  start(); setInterval(() => {}, 1000);`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const refTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
const hooksFor = () => cellHooks({ sampleIntervalMs: 50 } as ResolvedOptions);

describe('run hooks: samplers', () => {
  it('a sampler begun after its cell ended holds no timer, stops once its server is gone, and can be stopped twice', async () => {
    const { pgid } = await group(IDLE);
    const timers = refTimers();
    const late = hooksFor().startSampler(pgid, 0); // nobody will stop this one
    // Unref'd: it cannot keep the harness alive (before the fix: one more ref'd Timeout).
    expect(refTimers()).toBe(timers);
    expect(activeSamplers()).toBe(1);
    await sleep(200);
    process.kill(-pgid, 'SIGKILL');
    await sleep(300);
    // The group has gone, so the sampler stopped ticking by itself.
    expect(activeSamplers()).toBe(0);
    const first = late.stop();
    expect(first.resources.samples).toBeGreaterThan(1);
    expect(late.stop()).toEqual(first);
  });

  it("the next cell's sampler stops one that was left running", async () => {
    const { pgid } = await group(IDLE);
    const hooks = hooksFor();
    const orphan = hooks.startSampler(pgid, 0);
    await sleep(120);
    const next = hooks.startSampler(pgid, 0);
    expect(activeSamplers()).toBe(1);
    await sleep(120);
    expect(next.stop().resources.samples).toBeGreaterThan(0);
    expect(activeSamplers()).toBe(0);
    expect(orphan.stop().resources.samples).toBeGreaterThan(0);
  });

  it('a worker restart is reported with the pid that went and the one that came', async () => {
    const master = await group(MASTER);
    const hooks = hooksFor();
    const s = hooks.startSampler(master.pgid, 0);
    await sleep(200);
    const old = Number(master.lines[0]);
    process.kill(old, 'SIGKILL');
    while (master.lines.length < 2) await sleep(20);
    await sleep(200);
    const sampled = s.stop();
    const fresh = Number(master.lines[1]);
    expect(sampled).toMatchObject({ pidsChanged: true, pidsVanished: [old], pidsAppeared: [fresh] });
    const cell = fixture().cells.find((c) => c.status === 'completed')!;
    const scenario = builtinScenarios.find((x) => x.id === cell.scenario)!;
    const issues = hooks.validity(cell, { scenario, outcome: { warmupCapped: false } as LoadOutcome, sampled });
    expect(issues.find((v) => v.code === 'worker-restarted')?.message).toBe(
      `the server restarted a worker during the cell (its process ids changed; gone: ${old}; new: ${fresh})`,
    );
  });
});
