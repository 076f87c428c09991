// servers/CONTRACT.md, endpoint by endpoint, for both models with 2 workers. Timing assertions are
// lower bounds only (a wait is at least its delay), which hold however loaded the machine is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finish, get, pause, type Started, startServer, tempDb } from './test-helper.js';

const db = tempDb();

afterAll(async () => {
  expect(await finish(db)).toEqual([]);
});

const book = (i: number) => ({ id: i, title: `Book ${i}`, author: `Author ${i % 50}`, year: 1900 + (i % 120) });

describe.each(['async', 'sync'] as const)('%s model, 2 workers', (model) => {
  let s: Started;
  beforeAll(async () => {
    s = await startServer({ model, workers: 2, db });
  });
  afterAll(async () => {
    await s.stop();
  });

  function expectServerFields(j: Record<string, unknown>): void {
    expect(Number.isInteger(j.pid)).toBe(true);
    expect(typeof j.serverMs).toBe('number');
  }

  it('GET /health names the family and the views, with a JSON content type; keep-alive for async, Connection: close for sync (as gunicorn sync)', async () => {
    const r = await get(s.port, '/health', { connection: 'keep-alive' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    if (model === 'async') {
      expect(r.headers.connection).toBe('keep-alive');
      expect(r.headers['keep-alive']).toBe('timeout=65');
    } else expect(r.headers.connection).toBe('close');
    expect(r.json).toEqual({ status: 'ok', server: 'node', views: model, pid: r.json.pid });
    expect(Number.isInteger(r.json.pid)).toBe(true);
  });

  it('GET /sleep?ms=100 waits at least 100 ms and echoes ms', async () => {
    const r = await get(s.port, '/sleep?ms=100');
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['ms', 'pid', 'scenario', 'serverMs']);
    expect(r.json).toMatchObject({ scenario: 'sleep', ms: 100 });
    expectServerFields(r.json);
    expect(r.json.serverMs as number).toBeGreaterThanOrEqual(100);
    expect(r.ms).toBeGreaterThanOrEqual(100);
    expect(r.ms).toBeGreaterThanOrEqual(r.json.serverMs as number);
  });

  it('GET /sleep defaults to 100 ms; ms=0 answers at once', async () => {
    expect((await get(s.port, '/sleep')).json).toMatchObject({ scenario: 'sleep', ms: 100 });
    expect((await get(s.port, '/sleep?ms=0')).json).toMatchObject({ scenario: 'sleep', ms: 0 });
  });

  it.each([20, 500])('GET /db?rows=%i&delay_ms=50: the first rows by id, sleep() called once per query', async (rows) => {
    const r = await get(s.port, `/db?rows=${rows}&delay_ms=50`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['books', 'delay_ms', 'pid', 'rows', 'scenario', 'serverMs', 'sleepCalls']);
    expect(r.json).toMatchObject({ scenario: 'db', rows, delay_ms: 50, sleepCalls: 1 });
    expect(r.json.books).toEqual(Array.from({ length: rows }, (_, i) => book(i + 1)));
    expectServerFields(r.json);
    expect(r.json.serverMs as number).toBeGreaterThanOrEqual(50);
    expect(r.ms).toBeGreaterThanOrEqual(50);
  });

  it('GET /db defaults to rows=20, delay_ms=50; delay_ms=0 still calls sleep() once', async () => {
    expect((await get(s.port, '/db')).json).toMatchObject({ rows: 20, delay_ms: 50, sleepCalls: 1 });
    const r = await get(s.port, '/db?rows=1&delay_ms=0');
    expect(r.json).toMatchObject({ rows: 1, delay_ms: 0, sleepCalls: 1, books: [book(1)] });
  });

  it('GET /longpoll answers after=0 at once with the latest event, then holds an up-to-date client until the next, never before it fires', async () => {
    const period = 200;
    const sentAt = Date.now();
    const r = await get(s.port, `/longpoll?after=0&period_ms=${period}&timeout_ms=5000`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json).sort()).toEqual(['after', 'event', 'firedAtMs', 'missed', 'period_ms', 'pid', 'scenario', 'serverMs', 'timedOut', 'timeout_ms']);
    const event = r.json.event as number;
    expect(r.json).toMatchObject({
      scenario: 'longpoll',
      after: 0,
      period_ms: period,
      timeout_ms: 5000,
      timedOut: false,
      firedAtMs: event * period,
      missed: 0,
    });
    expectServerFields(r.json);
    // The latest event when the request arrived, which was after it was sent.
    expect(event).toBeGreaterThanOrEqual(Math.floor(sentAt / period));

    // Up to date: held until the event after the cursor (or answered at once if one fired meanwhile).
    const r2 = await get(s.port, `/longpoll?after=${event}&period_ms=${period}&timeout_ms=5000`);
    const receivedAt = Date.now();
    const e2 = r2.json.event as number;
    expect(e2).toBeGreaterThan(event);
    expect(receivedAt).toBeGreaterThanOrEqual(e2 * period);
    expect(r2.json).toMatchObject({ after: event, timedOut: false, firedAtMs: e2 * period, missed: e2 - event - 1 });
  });

  it('GET /longpoll answers a client that is behind at once, with the latest event', async () => {
    const period = 60_000;
    if (period - (Date.now() % period) < 2000) await pause(2500);
    const latest = Math.floor(Date.now() / period);
    // The cursor is 3 events behind: events latest−2 … latest have fired, so nothing is held.
    const r = await get(s.port, `/longpoll?after=${latest - 3}&period_ms=${period}&timeout_ms=5000`);
    expect(r.json).toMatchObject({ after: latest - 3, timedOut: false, event: latest, firedAtMs: latest * period, missed: 2 });
    expect(r.ms).toBeLessThan(1000);
  });

  it('GET /longpoll answers timedOut after timeout_ms when the next event is further away', async () => {
    const period = 60_000;
    // Keep clear of a minute boundary, where the event could fire inside the timeout.
    if (period - (Date.now() % period) < 2000) await pause(2500);
    // A client that is up to date (its cursor is the latest event), so it is held, not answered at once.
    const latest = Math.floor(Date.now() / period);
    const r = await get(s.port, `/longpoll?after=${latest}&period_ms=${period}&timeout_ms=150`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      scenario: 'longpoll',
      after: latest,
      period_ms: period,
      timeout_ms: 150,
      timedOut: true,
      event: null,
      firedAtMs: null,
      missed: 0,
    });
    expect(r.json.serverMs as number).toBeGreaterThanOrEqual(150);
  });

  it.each([
    '/sleep?ms=-1',
    '/sleep?ms=60001',
    '/sleep?ms=abc',
    '/sleep?ms=1.5',
    '/sleep?ms=',
    '/sleep?ms=0x10',
    '/db?rows=0',
    '/db?rows=501',
    '/db?delay_ms=60001',
    '/db?rows=2e1',
    '/longpoll?period_ms=9',
    '/longpoll?period_ms=60001',
    '/longpoll?timeout_ms=0',
    '/longpoll?timeout_ms=120001',
    '/longpoll?after=-1',
  ])('GET %s is a 400 with a JSON error', async (p) => {
    const r = await get(s.port, p);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toBe('application/json');
    expect(Object.keys(r.json)).toEqual(['error']);
    expect(typeof r.json.error).toBe('string');
  });

  it('an unknown path is a 404 with a JSON error', async () => {
    const r = await get(s.port, '/nope?ms=1');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ error: 'no route for /nope' });
  });

  it('2 workers: requests on new connections are served by 2 distinct pids', async () => {
    const pids = new Set<unknown>();
    for (let i = 0; i < 20; i++) pids.add((await get(s.port, '/sleep?ms=0')).json.pid);
    expect(pids.size).toBe(2);
  });
});
