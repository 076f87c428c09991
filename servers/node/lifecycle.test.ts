// Start-up and shutdown: SIGTERM/SIGINT stop the whole group, a dead worker stays dead, workers
// never outlive their primary, and bad flags or a missing database fail fast with a message.
import path from 'node:path';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { finish, get, pause, processesMatching, spawnServer, type Started, startServer, tempDb } from './test-helper.js';

const db = tempDb();

afterAll(async () => {
  expect(await finish(db)).toEqual([]);
});

async function workerPids(s: Started, n: number): Promise<number[]> {
  const pids = new Set<number>();
  for (let i = 0; i < 10 * n && pids.size < n; i++) pids.add((await get(s.port, '/health')).json.pid as number);
  return [...pids];
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await pause(50);
  return pids.filter(alive);
}

describe.each(['async', 'sync'] as const)('%s model', (model) => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s to the primary stops every worker, even one held in a 20 s request, and exits 0', async (sig) => {
    const s = await startServer({ model, workers: 2, db });
    const pids = await workerPids(s, 2);
    const held = get(s.port, '/sleep?ms=20000').catch((e: Error) => e);
    await pause(200);
    const t0 = Date.now();
    process.kill(s.pgid, sig);
    expect(await s.exited).toBe(0);
    expect(await waitGone(pids, 2000)).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(await held).toBeInstanceOf(Error);
  });

  it('a killed worker is not replaced; the other keeps serving; the primary exits 1 when none is left', async () => {
    const s = await startServer({ model, workers: 2, db });
    const [a, b] = (await workerPids(s, 2)) as [number, number];
    process.kill(a, 'SIGKILL');
    await waitGone([a], 2000);
    await pause(200);
    const after = new Set<unknown>();
    for (let i = 0; i < 6; i++) after.add((await get(s.port, '/sleep?ms=0')).json.pid);
    expect([...after]).toEqual([b]);
    expect(s.output()).toMatch(new RegExp(`worker ${a} exited \\(SIGKILL\\); not replaced`));
    process.kill(b, 'SIGKILL');
    expect(await s.exited).toBe(1);
  });

  it('workers exit when their primary is SIGKILLed (no orphans)', async () => {
    const s = await startServer({ model, workers: 2, db });
    const pids = await workerPids(s, 2);
    process.kill(s.pgid, 'SIGKILL');
    expect(await waitGone(pids, 5000)).toEqual([]);
  });
});

describe('start-up failures', () => {
  async function run(args: string[]): Promise<{ code: number | null; output: string }> {
    const { child, output } = spawnServer(args);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, output: output() };
  }

  it('bad flags exit 2 and say every problem with the usage', async () => {
    const r = await run(['--model', 'threads', '--port', 'x', '--workers', '0', '--bogus', '1']);
    expect(r.code).toBe(2);
    expect(r.output).toContain('unknown argument --bogus');
    expect(r.output).toContain('--model must be async or sync');
    expect(r.output).toContain('--port must be a whole number');
    expect(r.output).toContain('--workers must be a whole number');
    expect(r.output).toContain('usage:');
  });

  it.each(['async', 'sync'])('%s: a missing database ends the workers and the primary exits 1 without listening', async (model) => {
    const missing = path.join(os.tmpdir(), `asyncbench-node-missing-${process.pid}`, 'none.sqlite3');
    const r = await run(['--model', model, '--port', '0', '--workers', '2', '--db', missing]);
    expect(r.code).toBe(1);
    expect(r.output).not.toContain('listening on');
    expect(r.output).toMatch(/unable to open database file|directory does not exist/i);
    expect(processesMatching(missing)).toEqual([]);
  });
});
