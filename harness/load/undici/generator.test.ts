// One generator worker against a real server on 127.0.0.1, driven by hand the way the coordinator
// drives it, to pin what happens at the window's edges (issue 21, item 4): a window that reaches a
// worker after it opened loses nothing, and the requests in flight are counted at the window's
// end, not when the worker is told to finish.
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import sleep from '../../../scenarios/sleep.js';
import { nowMs } from './exchange.js';
import { Generator } from './generator.js';

let server: http.Server | null = null;
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** A /sleep server that notes when each response left. */
async function start(): Promise<{ url: string; answeredAt: number[] }> {
  const answeredAt: number[] = [];
  server = http.createServer((req, res) => {
    const t = performance.now();
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'));
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ scenario: 'sleep', ms, pid: process.pid, serverMs: performance.now() - t }));
      answeredAt.push(nowMs());
    }, ms);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as { port: number }).port}`, answeredAt };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('generator worker at the window edges', () => {
  it('a window that arrives after it opened still counts every answer since it opened', async () => {
    const s = await start();
    const gen = new Generator({ baseUrl: s.url, scenario: sleep, params: { ms: 20 }, load: { model: 'closed', connections: 4 }, timeoutS: 5 }, () => {});
    gen.start(nowMs());
    await wait(600);
    // The window opened 400 ms ago; this worker only hears of it now (a late IPC message).
    const startMs = nowMs() - 400;
    const endMs = nowMs() + 300;
    gen.setWindow(startMs, endMs);
    await wait(450);
    const r = await gen.finish();
    const inWindow = s.answeredAt.filter((t) => t >= startMs && t < endMs).length;
    // Each answer reaches the worker a moment after it left the server: at most one per connection straddles each edge.
    expect(inWindow).toBeGreaterThan(50);
    expect(Math.abs(r.tally.counts.ok - inWindow)).toBeLessThanOrEqual(2 * 4);
  });

  it('counts the requests in flight at the window end, also those answered before finish() was called', async () => {
    const s = await start();
    const gen = new Generator({ baseUrl: s.url, scenario: sleep, params: { ms: 100 }, load: { model: 'closed', connections: 4 }, timeoutS: 5 }, () => {});
    const t0 = nowMs();
    gen.start(t0);
    gen.setWindow(t0, t0 + 250);
    // Every request in flight at 250 ms (sent at about 200) is answered at about 300; finish() comes at 400.
    await wait(400);
    const r = await gen.finish();
    // A closed loop always has one request in flight per connection.
    expect(r.unfinished).toBe(4);
    expect(r.unfinishedOldestMs).toBeGreaterThan(0);
    expect(r.unfinishedOldestMs).toBeLessThan(100 + 50);
    expect(s.answeredAt.length).toBeGreaterThanOrEqual(r.tally.counts.ok + 4);
  });

  it('open model: arrivals in the window are counted from the schedule', async () => {
    const s = await start();
    const gen = new Generator(
      { baseUrl: s.url, scenario: sleep, params: { ms: 5 }, load: { model: 'open', ratePerS: 100, maxInflight: 100 }, timeoutS: 5 },
      () => {},
    );
    const t0 = nowMs() + 5;
    gen.start(t0);
    gen.setWindow(t0 + 100, t0 + 600);
    await wait(700);
    const r = await gen.finish();
    // Arrivals every 10 ms from t0: those at 100, 110, …, 590 ms.
    expect(r.arrivals).toBe(50);
    expect(r.tally.counts.ok + r.unfinished + r.dropped).toBeGreaterThanOrEqual(49);
  });
});
