// What each model does with concurrent requests against ONE worker. The assertions are relations
// that hold on any machine, however loaded: handler intervals of a blocked process cannot overlap
// (so elapsed ≥ Σ serverMs), a pool of k connections cannot run more than k queries at once, and what
// the event loop overlaps finishes far inside the serial time.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finish, get, pause, type Reply, type Started, startServer, tempDb } from './test-helper.js';

const db = tempDb();

afterAll(async () => {
  expect(await finish(db)).toEqual([]);
});

async function concurrently(port: number, paths: string[]): Promise<{ elapsedMs: number; replies: Reply[]; sumServerMs: number }> {
  const t0 = performance.now();
  const replies = await Promise.all(paths.map((p) => get(port, p)));
  const elapsedMs = performance.now() - t0;
  for (const r of replies) expect(r.status).toBe(200);
  return { elapsedMs, replies, sumServerMs: replies.reduce((a, r) => a + (r.json.serverMs as number), 0) };
}

/** Sends `slow` (which holds 1000 ms), then /health while it is held; `slowEndsAt` is the earliest it can end. */
async function healthDuring(port: number, slow: string): Promise<{ health: Reply; slowEndsAt: number }> {
  const slowEndsAt = performance.now() + 1000;
  const slowP = get(port, slow);
  await pause(200);
  const [, health] = await Promise.all([slowP, get(port, '/health')]);
  return { health, slowEndsAt };
}

describe('sync model, 1 worker: one request at a time', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startServer({ model: 'sync', workers: 1, db });
  });

  it('two concurrent /sleep?ms=300 are serialised: at least 600 ms in total', async () => {
    const { elapsedMs, replies, sumServerMs } = await concurrently(s.port, ['/sleep?ms=300', '/sleep?ms=300']);
    expect(elapsedMs).toBeGreaterThanOrEqual(600);
    expect(elapsedMs).toBeGreaterThanOrEqual(sumServerMs);
    expect(Math.max(...replies.map((r) => r.ms))).toBeGreaterThanOrEqual(600);
  });

  it('two concurrent /db?delay_ms=300 are serialised too', async () => {
    const { elapsedMs } = await concurrently(s.port, ['/db?rows=20&delay_ms=300', '/db?rows=20&delay_ms=300']);
    expect(elapsedMs).toBeGreaterThanOrEqual(600);
  });

  it.each(['/sleep?ms=1000', '/db?rows=20&delay_ms=1000', '/longpoll?period_ms=60000&timeout_ms=1000'])(
    '/health waits behind a running %s: the process is blocked',
    async (slow) => {
      if (slow.startsWith('/longpoll') && 60_000 - (Date.now() % 60_000) < 3000) await pause(3500);
      // An up-to-date cursor, so the long-poll is held (after=0 would be answered at once).
      const { health, slowEndsAt } = await healthDuring(s.port, slow.replace('/longpoll?', `/longpoll?after=${Math.floor(Date.now() / 60_000)}&`));
      expect(health.doneAt).toBeGreaterThanOrEqual(slowEndsAt);
    },
  );
});

/** `conns` keep-alive connections, each sending `path` in a loop, until `total` responses; responses per connection. */
async function perConnection(port: number, conns: number, total: number, path: string): Promise<number[]> {
  const counts: number[] = Array(conns).fill(0);
  let done = 0;
  await Promise.all(
    counts.map(async (_, i) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      while (done < total) {
        await new Promise<void>((resolve, reject) => {
          http.get({ host: '127.0.0.1', port, path, agent }, (r) => r.resume().on('end', resolve)).on('error', reject);
        });
        counts[i] = (counts[i] ?? 0) + 1;
        done++;
      }
      agent.destroy();
    }),
  );
  return counts;
}

describe('sync model, 1 worker: fairness', () => {
  it('keep-alive connections are served in arrival order: none starves', async () => {
    const s = await startServer({ model: 'sync', workers: 1, db });
    // Fair is 8 or 9 each; FIFO measured 8..11 per connection. Handled straight from the socket
    // callback instead, the least-served connection got 2 to 4.
    const counts = await perConnection(s.port, 10, 80, '/sleep?ms=50');
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(5);
    await s.stop();
  });
});

describe('async model, 1 worker: requests overlap on the event loop', () => {
  let s: Started;
  beforeAll(async () => {
    s = await startServer({ model: 'async', workers: 1, db, dbPool: 4 });
  });

  it('ten concurrent /sleep?ms=300 overlap: well under half the serial time', async () => {
    const { elapsedMs, sumServerMs } = await concurrently(s.port, Array(10).fill('/sleep?ms=300'));
    expect(sumServerMs).toBeGreaterThanOrEqual(3000);
    expect(elapsedMs).toBeLessThan(sumServerMs / 2);
  });

  it('the DB pool of 4 connections overlaps 4 queries, and no more: 8 × 300 ms take at least 600 ms', async () => {
    const four = await concurrently(s.port, Array(4).fill('/db?rows=20&delay_ms=300'));
    expect(four.elapsedMs).toBeLessThan(four.sumServerMs / 2);
    const eight = await concurrently(s.port, Array(8).fill('/db?rows=20&delay_ms=300'));
    for (const r of eight.replies) expect(r.json.sleepCalls).toBe(1);
    expect(eight.elapsedMs).toBeGreaterThanOrEqual(600);
    expect(eight.elapsedMs).toBeLessThan((8 * 300) / 2);
  });

  it.each(['/sleep?ms=1000', '/db?rows=20&delay_ms=1000', '/longpoll?period_ms=60000&timeout_ms=1000'])(
    '/health answers while %s is held: the event loop is free',
    async (slow) => {
      if (slow.startsWith('/longpoll') && 60_000 - (Date.now() % 60_000) < 3000) await pause(3500);
      // An up-to-date cursor, so the long-poll is held (after=0 would be answered at once).
      const { health, slowEndsAt } = await healthDuring(s.port, slow.replace('/longpoll?', `/longpoll?after=${Math.floor(Date.now() / 60_000)}&`));
      expect(health.doneAt).toBeLessThan(slowEndsAt);
    },
  );
});
