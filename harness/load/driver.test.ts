// The load driver against in-process servers whose behaviour is known exactly.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import sleep from '../../scenarios/sleep.js';
import { runLoad } from './driver.js';

let server: http.Server | null = null;
/** When the server sent each answer (epoch ms), to check the window a cell counted against. */
let answeredAt: number[] = [];
const nowMs = () => performance.timeOrigin + performance.now();
afterEach(() => {
  answeredAt = [];
  return new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

/** A /sleep server; `close` answers `Connection: close` like gunicorn's sync worker. */
function start(opts: { close?: boolean; status?: number; wrong?: boolean } = {}): Promise<string> {
  server = http.createServer((req, res) => {
    const t = performance.now();
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'));
    setTimeout(() => {
      const body = JSON.stringify({ scenario: 'sleep', ms: opts.wrong ? ms + 1 : ms, pid: process.pid, serverMs: performance.now() - t });
      res.writeHead(opts.status ?? 200, { 'content-type': 'application/json', ...(opts.close ? { connection: 'close' } : {}) });
      res.end(body);
      answeredAt.push(nowMs());
    }, ms);
  });
  return new Promise((r) => server!.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server!.address() as { port: number }).port}`)));
}

const load = (baseUrl: string, connections: number, onWindowOpen?: () => void) =>
  runLoad({ baseUrl, scenario: sleep, params: { ms: 50 }, connections, warmupS: 0.3, durationS: 1.2, timeoutS: 5, onWindowOpen });

describe('runLoad', () => {
  it('records latency in microseconds, at least the delay, and counts only the measured window', async () => {
    let openAt = 0;
    const out = await load(await start(), 5, () => (openAt = nowMs()));
    const l = out.latency.summary()!;
    expect(out.counts.ok).toBe(out.latency.count);
    expect(l.p50).toBeGreaterThanOrEqual(50);
    expect(Number.isInteger(l.p50)).toBe(false); // sub-millisecond resolution
    // Counted over the window the server answered in: at most one answer per connection straddles each edge.
    const served = answeredAt.filter((t) => t >= openAt && t < openAt + out.windowS * 1000).length;
    expect(Math.abs(served - out.counts.ok)).toBeLessThanOrEqual(2 * 5);
    // Little's law: 5 connections ÷ 50 ms = 100 req/s at most.
    expect(out.counts.ok / out.windowS).toBeLessThanOrEqual(100 * 1.05);
    expect(out.keepAlive).toBe(true);
    expect(out.connectionsOpenPeak).toBe(5);
    expect(out.pids).toEqual(new Set([process.pid]));
  });

  it('keeps latency honest against a server that closes every connection (gunicorn -k sync)', async () => {
    const out = await load(await start({ close: true }), 1);
    const l = out.latency.summary()!;
    expect(out.keepAlive).toBe(false);
    // One connection, 50 ms per request plus a reconnect on loopback: never seconds.
    expect(l.p50).toBeGreaterThanOrEqual(50);
    expect(l.p99).toBeLessThan(50 * 3);
    expect(out.counts.connErrors).toBe(0);
    expect(out.counts.ok).toBeGreaterThan(5);
  });

  it('keeps non-2xx and failed checks out of throughput', async () => {
    const bad = await load(await start({ status: 503 }), 2);
    expect(bad.counts.ok).toBe(0);
    expect(bad.counts.non2xx).toBeGreaterThan(0);
    server!.close();
    const wrong = await load(await start({ wrong: true }), 2);
    expect(wrong.counts.ok).toBe(0);
    expect(wrong.counts.verifyFailed).toBeGreaterThan(0);
    expect(wrong.failureExamples[0]).toBe('ms is 51, expected 50');
  });

  it('stops when aborted and says so', async () => {
    const url = await start();
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 700);
    const out = await runLoad({
      baseUrl: url,
      scenario: sleep,
      params: { ms: 50 },
      connections: 2,
      warmupS: 0.2,
      durationS: 10,
      timeoutS: 5,
      signal: ctl.signal,
    });
    expect(out.aborted).toBe(true);
    expect(out.windowS).toBeLessThan(2);
  });
});
