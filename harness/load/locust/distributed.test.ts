// The distributed engine when its workers misbehave, with real Locust workers started by hand as a
// remote host starts them (`locust --worker … -f -`) against the real node-async server: a worker
// lost mid-cell costs that cell only, a worker that joins mid-cell waits for the next one, the
// master's port is free by default and a busy one is one line, and the clock that sets the window
// is the one the skew is measured against (issue 22 items 12, 13, 15, 16).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtinScenarios } from '../../../scenarios/index.js';
import { resolveParams } from '../../../scenarios/define.js';
import { startServer, tempDb, type Started } from '../../../servers/node/test-helper.js';
import { PROJECT_ROOT, waitNoProcesses } from '../../testing/fixtures.js';
import type { ScenarioDef } from '../../types.js';
import { liveGroups } from '../../host/children.js';
import { runLoad, type LoadSpec } from '../driver.js';
import type { LocustOptions } from './options.js';
import { closeLocust, currentLocustSession } from './engine.js';
import { LOCUST_DIR_PREFIX } from './session.js';

const LOCUST = path.join(PROJECT_ROOT, 'servers/django/.venv/bin/locust');
const sleep = builtinScenarios.find((s) => s.id === 'sleep') as ScenarioDef;
let server: Started;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  server = await startServer({ model: 'async', workers: 1, db: tempDb() });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  await closeLocust();
  for (const w of workers.splice(0)) {
    try {
      process.kill(-(w.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
  }
  expect(await waitNoProcesses(`${LOCUST_DIR_PREFIX}${process.pid}-`, 8000)).toEqual([]);
});

/** A worker as a remote host runs it: the locustfile fetched from the master (-f -). */
function handStarted(port: number, env: Record<string, string> = {}): ChildProcess {
  const w = spawn(LOCUST, ['--worker', '--master-host', '127.0.0.1', '--master-port', String(port), '-f', '-', '--loglevel', 'WARNING'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...env },
  });
  workers.push(w);
  return w;
}

/** The port the master says it listens on, from its message for remote workers. */
const portIn = (m: string) => Number(/--master-port (\d+)/.exec(m)?.[1]);

function spec(locust: Partial<LocustOptions> & { onInfo: (m: string) => void }, over: Partial<LoadSpec> = {}): LoadSpec {
  const { onInfo, ...engineOptions } = locust;
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    scenario: sleep,
    params: resolveParams(sleep.params, { ms: 100 }),
    connections: 10,
    warmupS: 0.3,
    maxWarmupS: 10,
    durationS: 1,
    timeoutS: 10,
    engine: 'locust',
    engineOptions: { remoteWorkers: 1, masterBind: null, workersTimeoutS: 60, ...engineOptions },
    messages: { info: onInfo, warn: onInfo },
    ...over,
  };
}

describe('locust engine: a worker lost or joining mid-cell', () => {
  it('a worker lost mid-cell errors that cell only; the next runs at once on the one left (--workers-min 1), on the same master', async () => {
    const info: string[] = [];
    let started = false;
    const onInfo = (m: string) => {
      info.push(m);
      if (!started && m.includes('--master-port')) {
        started = true;
        handStarted(portIn(m));
        handStarted(portIn(m));
      }
    };
    const s = spec({ remoteWorkers: 2, workersMin: 1, onInfo });
    const first = await runLoad(s);
    expect(first.loadgenWorkers).toHaveLength(2);
    const session = typeof currentLocustSession === 'function' ? currentLocustSession() : null;
    setTimeout(() => process.kill(-(workers[0]!.pid as number), 'SIGKILL'), 1200);
    await expect(runLoad({ ...s, durationS: 6 })).rejects.toThrow(/Locust worker .*(disconnected mid-cell|did not report)/);
    const t = Date.now();
    const third = await runLoad(s);
    // Not a new master waiting out --workers-timeout (60 s) for workers that were told to quit.
    expect(Date.now() - t).toBeLessThan(30_000);
    expect(third.loadgenWorkers).toHaveLength(1);
    expect(third.loadgenWorkers[0]!.pid).toBe(workers[1]!.pid);
    expect(third.counts).toMatchObject({ non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 });
    expect(third.connectionsOpenPeak).toBe(10);
    expect(info).toContain('locust: 1 of 2 workers connected; continuing with 1 (--workers-min 1)');
    // The same master all along: the healthy worker never had to connect again.
    expect(currentLocustSession()).toBe(session);
  }, 120_000);

  it('a worker that connects mid-cell takes no users from it: the master holds it, and it joins the next cell', async () => {
    const info: string[] = [];
    let port = 0;
    const onInfo = (m: string) => {
      info.push(m);
      if (!port && m.includes('--master-port')) {
        port = portIn(m);
        handStarted(port);
      }
    };
    const s = spec({ remoteWorkers: 1, onInfo });
    // The newcomer starts once the window is open (the first tick), and connects within its 6 s.
    let joined = false;
    const onTick = () => {
      if (!joined) handStarted(port);
      joined = true;
    };
    const held = await runLoad({ ...s, durationS: 6, onTick });
    expect(info.some((m) => /^locust: worker \S+ connected mid-cell; it joins at the next cell$/.test(m))).toBe(true);
    expect(held.loadgenWorkers).toHaveLength(1);
    // Its 10 users stayed with the one worker that had the plan: 10 connections ÷ 100 ms, every one answering.
    expect(held.connectionsOpenPeak).toBe(10);
    expect(held.counts.ok / held.windowS).toBeGreaterThan(100 * 0.8);
    const next = await runLoad(s);
    expect(next.loadgenWorkers).toHaveLength(2);
    expect(next.connectionsOpenPeak).toBe(10);
  }, 120_000);
});

describe("locust engine: the master's port", () => {
  it('with --remote-workers and no --master-bind, a free port is taken and printed', async () => {
    const info: string[] = [];
    const onInfo = (m: string) => {
      info.push(m);
      if (m.includes('--master-port')) handStarted(portIn(m));
    };
    const out = await runLoad(spec({ onInfo }));
    expect(out.counts.ok).toBeGreaterThan(0);
    const port = portIn(info.find((m) => m.includes('--master-port'))!);
    expect(port).toBeGreaterThan(0);
    expect(port).not.toBe(5557);
    expect(info.find((m) => m.includes('--master-port'))).toContain(`the master listens on 127.0.0.1:${port};`);
  }, 60_000);

  it('a busy --master-bind port is one line naming it (exit 3), not a Python traceback', async () => {
    const busy = net.createServer();
    const port = await new Promise<number>((r) => busy.listen(0, '127.0.0.1', () => r((busy.address() as net.AddressInfo).port)));
    try {
      const e = await runLoad(spec({ masterBind: `127.0.0.1:${port}`, onInfo: () => {} })).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toMatchObject({ code: 'locust-master-port', exitCode: 3 });
      expect((e as Error).message).toBe(`the Locust master cannot listen on 127.0.0.1:${port}: Address already in use`);
      expect((e as { hint?: string }).hint).toContain('leave --master-bind out');
    } finally {
      busy.close();
    }
  }, 60_000);
});

describe('locust engine: one clock for the window', () => {
  it("the master's own offset from the harness is measured and applied, and recorded per worker", async () => {
    // The master and its local workers on a clock 3 s ahead of the harness's: they agree with each
    // other, so only the harness↔master offset tells that the window must move.
    vi.stubEnv('ASYNCBENCH_TEST_CLOCK_SKEW_MS', '3000');
    try {
      const info: string[] = [];
      const out = await runLoad(
        spec({ remoteWorkers: 0, onInfo: (m) => info.push(m) }, { loadgenWorkers: 2, params: resolveParams(sleep.params, { ms: 50 }) }),
      );
      // 10 connections ÷ 50 ms over 1 s: a window left in the harness's time would be 3 s in the past for the workers.
      expect(out.counts.ok).toBeGreaterThan(120);
      expect(out.counts.ok).toBeLessThanOrEqual(210);
      for (const w of out.loadgenWorkers) {
        expect(w.clockCorrectionMs).toBeGreaterThan(2900);
        expect(w.clockCorrectionMs).toBeLessThan(3100);
      }
      expect(info.filter((m) => /clock is \+(29|30)\d\d ms off this harness's/.test(m))).toHaveLength(2);
      // The master and both local workers are registered with their identity (issue 22 item 3).
      const groups = liveGroups().filter((g) => g.label.startsWith('locust'));
      expect(groups.map((g) => g.label).sort()).toEqual(['locust master', 'locust worker 1', 'locust worker 2']);
      for (const g of groups) expect(g.identity).toMatchObject({ sid: g.pgid, startTicks: expect.any(Number) });
    } finally {
      vi.unstubAllEnvs();
    }
  }, 60_000);
});
