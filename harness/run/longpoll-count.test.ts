// Regression for issue 15: sync long-poll read 111–130% of its ceiling, i.e. more requests in flight
// than connections (impossible in a closed loop), because the window was cut short and answers were
// counted at fire time. Two fixtures with one blocking worker and 20 connections:
// - the strict one holds EVERY request until the next event after it starts (the old contract), so
//   one worker answers exactly one request per period: the ceiling is 1 ÷ period, and a window that
//   miscounts by a single burst shows at once;
// - the reference node-sync server (the contract now: a client that is behind is answered at once),
//   whose ceiling is connections ÷ period.
// Invariants only: req/s ≤ ceiling × 1.05, rps × mean latency ≤ connections × 1.05, window ≥ asked.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import longpoll from '../../scenarios/longpoll.js';
import { runLoad } from '../load/driver.js';
import { finish, startServer, tempDb } from '../../servers/node/test-helper.js';
import { warmupCapS } from './warmup.js';

const PERIOD_MS = 100;
const params = { period_ms: PERIOD_MS, timeout_ms: 30_000 };

// One process, one request at a time, blocking (Atomics.wait) until the next event after the
// handler starts: nothing can overlap, so no more than one answer per period can exist.
const STRICT_SERVER = `
const http = require('node:http');
const block = new Int32Array(new SharedArrayBuffer(4));
const queue = []; let busy = false;
const run = () => {
  const job = queue.shift(); if (!job) { busy = false; return; }
  const [req, res] = job; const t0 = performance.now();
  const q = new URL(req.url, 'http://x').searchParams;
  const after = Number(q.get('after') || 0), P = Number(q.get('period_ms')), T = Number(q.get('timeout_ms'));
  const event = Math.floor(Date.now() / P) + 1;
  while (Date.now() < event * P) Atomics.wait(block, 0, 0, Math.max(1, event * P - Date.now()));
  const body = JSON.stringify({ scenario: 'longpoll', after, period_ms: P, timeout_ms: T, timedOut: false, event, firedAtMs: event * P,
    missed: after > 0 ? Math.max(0, event - after - 1) : 0, pid: process.pid, serverMs: performance.now() - t0 });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  setImmediate(run);
};
const server = http.createServer((req, res) => { queue.push([req, res]); if (!busy) { busy = true; setImmediate(run); } });
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
`;

let strict: ChildProcess | null = null;
const db = tempDb();
afterAll(async () => {
  strict?.kill('SIGKILL');
  expect(await finish(db)).toEqual([]);
});

function startStrict(): Promise<string> {
  strict = spawn(process.execPath, ['-e', STRICT_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) =>
    strict!.stdout!.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    }),
  );
}

async function measure(baseUrl: string, ceilingRps: number) {
  const connections = 20;
  const durationS = 1;
  const out = await runLoad({
    baseUrl,
    scenario: longpoll,
    params,
    connections,
    warmupS: 0.5,
    durationS,
    timeoutS: 30,
    maxWarmupS: warmupCapS(0.5, 30, connections / ceilingRps),
  });
  const rps = out.counts.ok / out.windowS;
  const mean = out.latency.summary()?.mean ?? 0;
  return { out, rps, inFlight: rps * (mean / 1000), durationS };
}

describe('long-poll count with one blocking worker and 20 connections', () => {
  it('strict fixture (one answer per period): at most the ceiling 1 ÷ period, at most 20 in flight, a full window', async () => {
    const ceiling = 1 / (PERIOD_MS / 1000);
    const { out, rps, inFlight, durationS } = await measure(await startStrict(), ceiling);
    expect(out.windowS).toBeGreaterThanOrEqual(durationS - 1e-6);
    expect(out.warmupCapped).toBe(false);
    expect(out.counts.verifyFailed).toBe(0);
    expect(rps).toBeLessThanOrEqual(ceiling * 1.05);
    expect(rps).toBeGreaterThan(ceiling * 0.5);
    expect(inFlight).toBeLessThanOrEqual(20 * 1.05);
  }, 60_000);

  it('node-sync (a client that is behind is answered at once): at most connections ÷ period, at most 20 in flight', async () => {
    const s = await startServer({ model: 'sync', workers: 1, db });
    try {
      const ceiling = longpoll.ceilingRps!({ connections: 20, slots: 1, params })!;
      const { out, rps, inFlight, durationS } = await measure(`http://127.0.0.1:${s.port}`, ceiling);
      expect(out.windowS).toBeGreaterThanOrEqual(durationS - 1e-6);
      expect(out.counts.verifyFailed).toBe(0);
      expect(rps).toBeLessThanOrEqual(ceiling * 1.05);
      expect(inFlight).toBeLessThanOrEqual(20 * 1.05);
      // The sweep, not one answer per period: far above the old W ÷ period ceiling of 10 req/s.
      expect(rps).toBeGreaterThan(ceiling * 0.5);
    } finally {
      await s.stop();
    }
  }, 60_000);
});
