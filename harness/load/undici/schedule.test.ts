// Several generator workers, one schedule (issue 21, item 4): the coordinator hands every worker
// one absolute start instant after all of them have booted, so open-model arrivals interleave
// exactly, the warm-up is load (not process start-up), and --max-inflight bounds the requests in
// flight over all workers together. Everything is measured where requests arrive: the server.
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import sleep from '../../../scenarios/sleep.js';
import { runLoad } from '../driver.js';

let server: http.Server | null = null;
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

const nowMs = () => performance.timeOrigin + performance.now();

/** A /sleep server that notes when each request arrives and how many it holds at once. */
async function start(): Promise<{ url: string; arrivals: number[]; peak: () => number }> {
  const arrivals: number[] = [];
  let held = 0;
  let peak = 0;
  server = http.createServer((req, res) => {
    arrivals.push(nowMs());
    peak = Math.max(peak, ++held);
    const t = performance.now();
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms'));
    setTimeout(() => {
      held--;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ scenario: 'sleep', ms, pid: process.pid, serverMs: performance.now() - t }));
    }, ms);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server!.address() as { port: number }).port}`, arrivals, peak: () => peak };
}

describe('several generator workers, one schedule', () => {
  it('20 req/s on 2 workers: the server sees one request every 50 ms (±5 ms), not two phases of their own', async () => {
    const s = await start();
    let windowOpenAt = 0;
    const out = await runLoad({
      baseUrl: s.url,
      scenario: sleep,
      params: { ms: 5 },
      connections: 1,
      load: { model: 'open', ratePerS: 20, maxInflight: 100 },
      warmupS: 0.5,
      durationS: 2,
      timeoutS: 5,
      loadgenWorkers: 2,
      onWindowOpen: () => (windowOpenAt = nowMs()),
    });
    const gaps = s.arrivals.slice(1).map((t, i) => t - (s.arrivals[i] as number));
    const off = gaps.map((g) => Math.abs(g - 50)).sort((a, b) => a - b);
    console.log(
      `2 workers at 20 req/s: ${gaps.length} gaps, median |gap − 50 ms| ${off[off.length >> 1]?.toFixed(1)} ms, p90 ${off[Math.floor(off.length * 0.9)]?.toFixed(1)} ms`,
    );
    expect(out.loadgenWorkers).toHaveLength(2);
    expect(gaps.length).toBeGreaterThanOrEqual(40);
    // Phases of their own alternate short and long gaps (measured before the fix: 3 and 97 ms, median
    // |gap − 50| 47 ms). One schedule keeps the typical gap within ±5 ms; on a machine shared with
    // other tests a few sends are scheduled late (a 95/2 ms pair), so two thirds of the gaps, not all.
    expect(off[off.length >> 1]).toBeLessThanOrEqual(5);
    expect(off.filter((d) => d <= 5).length).toBeGreaterThanOrEqual(Math.ceil((gaps.length * 2) / 3));
    // The warm-up is load: the first request reached the server at least warmupS before the window opened.
    expect(windowOpenAt - (s.arrivals[0] as number)).toBeGreaterThanOrEqual(0.5 * 1000 - 5);
  });

  it('--max-inflight 3 on 2 workers: at most 3 requests in flight over both (shared, not 2 + 2), and the rest dropped', async () => {
    const s = await start();
    const out = await runLoad({
      baseUrl: s.url,
      scenario: sleep,
      params: { ms: 50 },
      connections: 1,
      // 200 req/s × 50 ms needs 10 in flight; 3 are allowed.
      load: { model: 'open', ratePerS: 200, maxInflight: 3 },
      warmupS: 0.3,
      durationS: 1,
      timeoutS: 5,
      loadgenWorkers: 2,
    });
    expect(s.peak()).toBe(3);
    expect(out.dropped).toBeGreaterThan(0);
    // Never more than 3 at 50 ms each: 60 req/s at most.
    expect(out.counts.ok / out.windowS).toBeLessThanOrEqual((3 / 0.05) * 1.05);
  });
});
