// The locust engine against the real node-async reference server: each built-in scenario's
// generated Python passes a real short run, a config scenario's generated check catches a wrong
// answer, workers started by hand connect to the master as remote hosts would, and a missing or
// lost worker fails with a message that says so. Cells are 1 s: Locust's start-up is the cost.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../../scenarios/index.js';
import { resolveParams } from '../../../scenarios/define.js';
import { startServer, tempDb, type Started } from '../../../servers/node/test-helper.js';
import { parseUserScenario } from '../../../scenarios/user-scenarios.js';
import { PROJECT_ROOT, waitNoProcesses } from '../../testing/fixtures.js';
import type { ScenarioDef } from '../../types.js';
import { runLoad, type LoadSpec } from '../driver.js';
import { closeLocust } from './engine.js';
import { locustfileText, scenarioSource } from './locustfile.js';
import { LOCUST_DIR_PREFIX } from './session.js';

const LOCUST = path.join(PROJECT_ROOT, 'servers/django/.venv/bin/locust');
let server: Started;
let baseUrl: string;

beforeAll(async () => {
  server = await startServer({ model: 'async', workers: 1, db: tempDb() });
  baseUrl = `http://127.0.0.1:${server.port}`;
}, 60_000);
afterAll(async () => {
  await closeLocust();
  await server?.stop();
});

const scenario = (id: string) => builtinScenarios.find((s) => s.id === id) as ScenarioDef;

function spec(s: ScenarioDef, over: Partial<LoadSpec> = {}, params: Record<string, number> = {}): LoadSpec {
  const p = resolveParams(s.params, params);
  return {
    baseUrl,
    scenario: s,
    params: p,
    connections: 10,
    warmupS: 0.3,
    maxWarmupS: 10,
    durationS: 1,
    timeoutS: 10,
    engine: 'locust',
    loadgenWorkers: 2,
    ...over,
  };
}

describe('locust engine: built-in scenarios through their generated Python', () => {
  it('sleep: every response verified, µs latency at least the delay, two workers merged into one window', async () => {
    let openAt = 0;
    const out = await runLoad(spec(scenario('sleep'), { onWindowOpen: () => (openAt = performance.now()) }, { ms: 50 }));
    const closedAt = performance.now();
    expect(out.engine).toBe('locust');
    expect(out.counts).toMatchObject({ non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 });
    // Little's law: 10 connections ÷ 50 ms = 200 req/s at most, and near it.
    expect(out.counts.ok / out.windowS).toBeLessThanOrEqual(200 * 1.05);
    expect(out.counts.ok / out.windowS).toBeGreaterThan(200 * 0.5);
    const l = out.latency.summary()!;
    expect(l.min).toBeGreaterThanOrEqual(50);
    expect(Number.isInteger(l.p50 * 1000)).toBe(true); // integer µs, not Locust's rounded ms
    // The workers' results came after the window had run its whole length.
    expect(openAt).toBeGreaterThan(0);
    expect(closedAt - openAt).toBeGreaterThanOrEqual(out.windowS * 1000 - 5);
    expect(out.loadgenWorkers).toHaveLength(2);
    expect(out.loadgenWorkers.reduce((a, w) => a + w.requests, 0)).toBe(out.counts.ok);
    expect(out.loadgenWorkers.every((w) => w.cpuPct !== null && w.host.length > 0)).toBe(true);
    expect(out.connectionsOpenPeak).toBe(10);
    expect(out.keepAlive).toBe(true);
    expect(out.pids.size).toBe(1);
    expect(out.warmupCapped).toBe(false);
  }, 60_000);

  it('--loadgen-cpus pins the master and the local workers', async () => {
    const out = await runLoad(spec(scenario('sleep'), { loadgenCpus: [0], connections: 4 }, { ms: 20 }));
    expect(out.loadgenCpus).toEqual([0]);
    expect(out.loadgenWorkers.map((w) => (w as { cpusAllowed?: number[] }).cpusAllowed)).toEqual([[0], [0]]);
    expect(out.counts.ok).toBeGreaterThan(50);
  }, 60_000);

  it('db: rows checked on every response', async () => {
    const out = await runLoad(spec(scenario('db'), {}, { delay_ms: 20, rows: 5 }));
    expect(out.counts.ok).toBeGreaterThan(50);
    expect(out.counts.verifyFailed).toBe(0);
    expect(out.failureExamples).toEqual([]);
  }, 60_000);

  it('longpoll: the `after` cursor kept per user, a window of whole periods, delivery lag as a figure', async () => {
    const s = scenario('longpoll');
    const out = await runLoad(spec(s, { durationS: 1 }, { period_ms: 200 }));
    expect(out.counts.verifyFailed).toBe(0);
    // At most one answer per connection per event: 10 connections × 5 events in 1 s (all of them
    // unless a loaded machine delivers some over 100 ms late, past the window's edge).
    expect(out.counts.ok).toBeLessThanOrEqual(50);
    expect(out.counts.ok).toBeGreaterThanOrEqual(40);
    expect(out.figures.deliveryLagMs).toMatchObject({ kind: 'histogram', count: out.counts.ok });
    expect(out.figures.missedEvents).toEqual({ kind: 'sum', total: 0 });
  }, 60_000);
});

describe('locust engine: failures counted apart, as the undici engine counts them', () => {
  let local: http.Server | null = null;
  afterEach(() => new Promise<void>((r) => (local ? local.close(() => r()) : r())));
  /** An in-process /sleep server: `close` answers Connection: close (gunicorn -k sync); `hang` never answers. */
  const serve = (mode: 'close' | 'hang' | 'wrong'): Promise<string> => {
    local = http.createServer((req, res) => {
      if (mode === 'hang') return;
      const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'));
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', ...(mode === 'close' ? { connection: 'close' } : {}) });
        res.end(JSON.stringify({ scenario: 'sleep', ms: mode === 'wrong' ? ms + 1 : ms, pid: process.pid, serverMs: ms }));
      }, ms);
    });
    return new Promise((r) => local!.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(local!.address() as net.AddressInfo).port}`)));
  };

  it('a server that closes every connection: keepAlive false, latency honest, no connection errors', async () => {
    const out = await runLoad(spec(scenario('sleep'), { baseUrl: await serve('close'), connections: 4 }, { ms: 50 }));
    expect(out.keepAlive).toBe(false);
    expect(out.counts.ok).toBeGreaterThan(20);
    expect(out.counts.connErrors).toBe(0);
    // 50 ms plus a reconnect on loopback: never the phantom seconds a stale connection costs.
    expect(out.latency.summary()!.p99).toBeLessThan(50 * 3);
  }, 60_000);

  it('timeouts, connection errors and wrong bodies are counted, never as throughput', async () => {
    const hang = await runLoad(spec(scenario('sleep'), { baseUrl: await serve('hang'), connections: 2, timeoutS: 0.3, maxWarmupS: 0.5 }));
    expect(hang.counts.ok).toBe(0);
    expect(hang.counts.timeouts).toBeGreaterThan(0);
    expect(hang.counts.connErrors).toBe(0);
    const wrong = await runLoad(spec(scenario('sleep'), { baseUrl: await serve('wrong'), connections: 2 }, { ms: 20 }));
    expect(wrong.counts.ok).toBe(0);
    expect(wrong.counts.verifyFailed).toBeGreaterThan(0);
    expect(wrong.failureExamples[0]).toBe('ms is 21, expected 20');
    local!.close();
    local = null;
    const refused = await runLoad(spec(scenario('sleep'), { baseUrl: 'http://127.0.0.1:1', connections: 2, maxWarmupS: 0.5 }));
    expect(refused.counts.ok).toBe(0);
    expect(refused.counts.connErrors).toBeGreaterThan(0);
  }, 60_000);
});

describe('locust engine: config scenarios and refusals', () => {
  const config = (expect: unknown) =>
    parseUserScenario({ name: 'mine', path: '/sleep?ms={ms}', vars: { ms: { values: [20, 30] } }, expect }, 'scenarios[0]', 'test.json', []) as ScenarioDef;

  it("a config scenario's generated check passes a right answer and catches a wrong one", async () => {
    const good = await runLoad(
      spec(config({ status: 200, bodyContains: ['"scenario":"sleep"', '"pid"'], json: { ms: '{ms}', scenario: 'sleep' } }), {
        connections: 4,
        loadgenWorkers: 1,
      }),
    );
    expect(good.counts.ok).toBeGreaterThan(50);
    expect(good.counts.verifyFailed).toBe(0);
    const bad = await runLoad(spec(config({ bodyContains: ['"scenario"', 'nope'], json: { ms: 25 } }), { connections: 4, loadgenWorkers: 1 }));
    expect(bad.counts.ok).toBe(0);
    expect(bad.counts.verifyFailed).toBeGreaterThan(0);
    // Every failing expectation, as the undici engine's check lists them.
    expect(bad.failureExamples[0]).toMatch(/^body does not contain "nope"; ms is (20|30), expected 25$/);
  }, 60_000);

  it('refuses a config scenario whose expectations have no Python port, naming them', async () => {
    const s = config({ assert: ['$.ms is integer'], headers: { 'content-type': 'application/json' } });
    await expect(runLoad(spec(s))).rejects.toThrow(
      'scenario "mine" uses expect.assert, expect.headers, which the locust engine does not check: run it with --engine undici (the default), or drop those keys under locust',
    );
  });

  it('refuses a scenario whose check has no Python, naming the way out', async () => {
    const tsOnly: ScenarioDef = { ...scenario('sleep'), id: 'ts-only', origin: undefined, locustCheck: undefined };
    await expect(runLoad(spec(tsOnly))).rejects.toThrow(/scenario "ts-only" cannot run under the locust engine.*locustCheck.*--engine undici/);
    // The same scenario runs once it brings its own Python check.
    const withPy: ScenarioDef = { ...tsOnly, locustCheck: scenario('sleep').locustCheck };
    expect(scenarioSource(withPy)).toContain('def check(status, body, params, state, timing):');
  });

  it('writes a standalone locustfile for a scenario', () => {
    const text = locustfileText({ scenario: scenario('longpoll'), params: resolveParams(scenario('longpoll').params) });
    expect(text).toContain('class AsyncbenchUser(FastHttpUser)');
    expect(text).toContain('DEFAULT_PLAN = json.loads(');
  });
});

describe('locust engine: workers that connect to the master', () => {
  const started: Array<ReturnType<typeof spawn>> = [];
  afterEach(async () => {
    await closeLocust();
    for (const w of started.splice(0)) {
      try {
        process.kill(-(w.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    expect(await waitNoProcesses(`${LOCUST_DIR_PREFIX}${process.pid}-`, 8000)).toEqual([]);
  });

  async function freePort(): Promise<number> {
    return new Promise((r) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => r(p));
      });
    });
  }

  /** The engine's own options for workers on other hosts, and where it tells the command they run. */
  const remote = (engineOptions: { remoteWorkers: number; masterBind: string; workersTimeoutS: number }, info: (m: string) => void) => ({
    engineOptions,
    messages: { info, warn: info },
  });

  /** A worker as a remote host runs it: the locustfile fetched from the master (-f -). */
  const handStarted = (port: number) => {
    const w = spawn(LOCUST, ['--worker', '--master-host', '127.0.0.1', '--master-port', String(port), '-f', '-', '--loglevel', 'WARNING'], {
      detached: true,
      stdio: 'ignore',
    });
    started.push(w);
    return w;
  };

  it('a missing remote worker times out with a message naming how many connected', async () => {
    const port = await freePort();
    const info: string[] = [];
    const s = spec(
      scenario('sleep'),
      remote({ remoteWorkers: 2, masterBind: `127.0.0.1:${port}`, workersTimeoutS: 4 }, (m) => {
        info.push(m);
        handStarted(port);
      }),
    );
    await expect(runLoad(s)).rejects.toThrow('1 of 2 Locust workers connected within 4 s');
    expect(info[0]).toContain(`locust --worker --master-host 127.0.0.1 --master-port ${port} -f -`);
  }, 60_000);

  it('Ctrl-C while waiting for workers aborts the cell at once and stops the master', async () => {
    const port = await freePort();
    const ac = new AbortController();
    const s = spec(scenario('sleep'), {
      signal: ac.signal,
      ...remote({ remoteWorkers: 1, masterBind: `127.0.0.1:${port}`, workersTimeoutS: 60 }, () => setTimeout(() => ac.abort(), 300)),
    });
    const t = Date.now();
    const out = await runLoad(s);
    expect(out.aborted).toBe(true);
    expect(out.counts.ok).toBe(0);
    expect(Date.now() - t).toBeLessThan(15_000);
  }, 60_000);

  it('a worker whose clock is off gets the window in its own time, and the skew is told', async () => {
    const port = await freePort();
    const info: string[] = [];
    const onInfo = (m: string) => {
      info.push(m);
      if (m.includes('waiting up to')) {
        started.push(
          spawn(LOCUST, ['--worker', '--master-host', '127.0.0.1', '--master-port', String(port), '-f', '-', '--loglevel', 'WARNING'], {
            detached: true,
            stdio: 'ignore',
            env: { ...process.env, ASYNCBENCH_TEST_CLOCK_SKEW_MS: '5000' },
          }),
        );
      }
    };
    let openAt = 0;
    const out = await runLoad(
      spec(
        scenario('sleep'),
        { ...remote({ remoteWorkers: 1, masterBind: `127.0.0.1:${port}`, workersTimeoutS: 30 }, onInfo), onWindowOpen: () => (openAt = performance.now()) },
        { ms: 50 },
      ),
    );
    const closedAt = performance.now();
    // 10 connections ÷ 50 ms over a 1 s window: a worker counting against its own clock unshifted would count nothing.
    expect(out.counts.ok).toBeGreaterThan(120);
    expect(out.counts.ok).toBeLessThanOrEqual(210);
    expect(closedAt - openAt).toBeGreaterThanOrEqual(out.windowS * 1000 - 5);
    expect(info.some((m) => /clock is \+(49|50)\d\d ms off this harness's/.test(m))).toBe(true);
    // Recorded per worker in the cell, not only told.
    expect(out.loadgenWorkers[0]?.clockCorrectionMs).toBeGreaterThan(4900);
    expect(out.loadgenWorkers[0]?.clockCorrectionMs).toBeLessThan(5100);
  }, 60_000);

  it('hand-started workers fetch the locustfile and run the cell; one killed mid-cell errors it', async () => {
    const port = await freePort();
    const locust = remote({ remoteWorkers: 2, masterBind: `127.0.0.1:${port}`, workersTimeoutS: 30 }, () => {
      handStarted(port);
      handStarted(port);
    });
    const out = await runLoad(spec(scenario('sleep'), locust, { ms: 50 }));
    expect(out.counts.ok).toBeGreaterThan(100);
    expect(out.loadgenWorkers).toHaveLength(2);
    // The same workers serve the next cell (a session lives across cells); then one is killed mid-cell.
    const victim = started[0]!;
    setTimeout(() => process.kill(-(victim.pid as number), 'SIGKILL'), 700);
    await expect(runLoad(spec(scenario('sleep'), { ...locust, durationS: 6 }, { ms: 50 }))).rejects.toThrow(
      /Locust worker.*(disconnected mid-cell|did not report)/,
    );
  }, 90_000);
});
