// The theory and checks of the issue-11 scenarios, without servers: stream chunk timing from body
// pieces, upstream's floor and ceiling by view style, sync-to-async's ceiling by mode.
import { describe, expect, it } from 'vitest';
import stream, { chunkArrivals } from './stream.js';
import syncToAsync, { defaultExecutorThreads } from './sync-to-async.js';
import upstream from './upstream.js';

const line = (k: number, n: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ scenario: 'stream', chunk: k, chunks: n, interval_ms: 100, pid: 7, ...extra })}\n`;
const streamBody = (n: number) => Array.from({ length: n }, (_, i) => line(i + 1, n, i + 1 === n ? { serverMs: n * 100 } : {})).join('');
const sp = { chunks: 3, interval_ms: 100 };

describe('stream', () => {
  it('maps each chunk to the body piece that completed it', () => {
    expect(
      chunkArrivals(
        [10, 20, 30],
        [
          [100, 10],
          [200, 25],
          [300, 30],
        ],
      ),
    ).toEqual([100, 200, 300]);
    expect(
      chunkArrivals(
        [10, 20, 30],
        [
          [100, 5],
          [150, 30],
        ],
      ),
    ).toEqual([150, 150, 150]);
    expect(chunkArrivals([10, 20], [[100, 10]])).toBeNull();
  });

  it('accepts a complete stream in order and reports first-chunk time, gaps and held time', () => {
    const body = streamBody(3);
    const ends = body
      .split('\n')
      .slice(0, 3)
      .reduce<number[]>((a, l) => [...a, (a.at(-1) ?? 0) + l.length + 1], []);
    const pieces: Array<[number, number]> = ends.map((e, i) => [101 + i * 100, e]);
    const res = stream.check(200, body, sp, {}, { sentAtMs: 0, headersMs: 1, doneMs: 302, pieces });
    expect(res).toEqual({ ok: true, facts: { serverMs: 300, pid: 7, firstChunkMs: 101, chunkGapMs: [100, 100], unstreamed: 0 } });
  });

  it('counts a stream whose chunks all arrived together as not streamed (a buffering server), without failing it', () => {
    const body = streamBody(3);
    const res = stream.check(200, body, sp, {}, { sentAtMs: 0, headersMs: 1, doneMs: 302, pieces: [[301, body.length]] });
    expect(res).toMatchObject({ ok: true, facts: { firstChunkMs: 301, chunkGapMs: [0, 0], unstreamed: 1 } });
  });

  it('rejects chunks out of order, missing, or cut short', () => {
    const swapped = line(2, 3) + line(1, 3) + line(3, 3, { serverMs: 300 });
    expect(stream.check(200, swapped, sp, {})).toMatchObject({ ok: false, reason: expect.stringContaining('chunk 1: chunk is 2') });
    expect(stream.check(200, line(1, 3) + line(2, 3), sp, {})).toMatchObject({ ok: false, reason: '2 chunks arrived, expected 3' });
    expect(stream.check(200, streamBody(3).slice(0, -5), sp, {})).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not end with a complete chunk'),
    });
  });

  it('ceiling is concurrency ÷ (chunks × interval), floor chunks × interval, window whole streams', () => {
    const p = { chunks: 10, interval_ms: 100 };
    expect(stream.ceilingRps?.({ connections: 100, slots: 100, params: p })).toBeCloseTo(100);
    expect(stream.ceilingRps?.({ connections: 100, slots: 4, params: p })).toBeCloseTo(4);
    expect(stream.floorLatencyMs?.(p)).toBe(1000);
    expect(stream.windowQuantumMs?.(p)).toBe(1000);
  });
});

describe('upstream', () => {
  const p = { fanout: 3, ms: 100 };
  it('floor and ceiling differ by view style: the calls overlap in async views, add up in sync ones', () => {
    expect(upstream.floorLatencyMs?.(p, { model: 'async' })).toBe(100);
    expect(upstream.floorLatencyMs?.(p, { model: 'sync-process' })).toBe(300);
    expect(upstream.ceilingRps?.({ connections: 10, slots: 10, params: p, model: 'async', views: 'async' })).toBeCloseTo(100);
    // Sync views under ASGI: a thread per request (slots = connections) but calls one after another.
    expect(upstream.ceilingRps?.({ connections: 10, slots: 10, params: p, model: 'async', views: 'sync' })).toBeCloseTo(100 / 3);
    expect(upstream.ceilingRps?.({ connections: 10, slots: 4, params: p, model: 'sync-process', views: 'sync' })).toBeCloseTo(40 / 3);
  });

  it('checks every call and reports each call time', () => {
    const body = JSON.stringify({
      scenario: 'upstream',
      fanout: 2,
      ms: 100,
      concurrent: true,
      client: 'aiohttp',
      calls: [
        { ms: 100, pid: 1, callMs: 101 },
        { ms: 100, pid: 1, callMs: 103 },
      ],
      pid: 2,
      serverMs: 104,
    });
    const asked = { fanout: 2, ms: 100, client: 'aiohttp' };
    expect(upstream.check(200, body, asked, {})).toEqual({ ok: true, facts: { serverMs: 104, pid: 2, upstreamCallMs: [101, 103] } });
    expect(upstream.check(200, body, { ...asked, fanout: 3 }, {})).toMatchObject({ ok: false, reason: 'fanout is 2, expected 3' });
    // A server that used another client than the one asked for fails; one with its own client (Node, sync views) passes.
    expect(upstream.check(200, body, { ...asked, client: 'httpx' }, {})).toMatchObject({
      ok: false,
      reason: 'client is "aiohttp", expected "httpx" (the client asked for)',
    });
    const nodeBody = JSON.stringify({ ...JSON.parse(body), client: 'node:http' });
    expect(upstream.check(200, nodeBody, { ...asked, client: 'httpx' }, {})).toMatchObject({ ok: true });
    const noClient = JSON.stringify({ ...JSON.parse(body), client: undefined });
    expect(upstream.check(200, noClient, asked, {})).toMatchObject({ ok: false, reason: 'client is undefined, expected the name of the HTTP client used' });
    expect(upstream.check(503, JSON.stringify({ error: 'ASYNCBENCH_UPSTREAM_URL is not set' }), p, {})).toMatchObject({
      ok: false,
      reason: 'status 503, expected 200: ASYNCBENCH_UPSTREAM_URL is not set',
    });
  });

  it('declares the upstream service it needs (a node-async of one worker, its URL in ASYNCBENCH_UPSTREAM_URL), and stays out of the default suite', () => {
    expect(upstream.needs?.services).toEqual([
      expect.objectContaining({ name: 'upstream', target: 'node-async', workers: 1, urlEnv: 'ASYNCBENCH_UPSTREAM_URL' }),
    ]);
    expect([upstream.defaultSuite, stream.defaultSuite, syncToAsync.defaultSuite]).toEqual([false, false, false]);
  });
});

describe('sync-to-async', () => {
  const ctx = (mode: string, over: Record<string, unknown> = {}) => ({
    connections: 100,
    slots: 100,
    params: { mode, ms: 100, calls: 2 },
    model: 'async' as const,
    views: 'async' as const,
    workers: 2,
    ...over,
  });
  it('native overlaps, sensitive serialises the calls of a request, insensitive is capped by the default executor', () => {
    expect(syncToAsync.ceilingRps?.(ctx('native'))).toBeCloseTo(1000);
    expect(syncToAsync.ceilingRps?.(ctx('sensitive'))).toBeCloseTo(500);
    expect(syncToAsync.ceilingRps?.(ctx('insensitive'))).toBeCloseTo((2 * defaultExecutorThreads()) / 0.2);
    expect(syncToAsync.ceilingRps?.(ctx('insensitive', { views: 'sync', model: 'sync-process', slots: 2 }))).toBeCloseTo(10);
    expect(defaultExecutorThreads(2)).toBe(6);
    expect(defaultExecutorThreads(64)).toBe(32);
  });

  it('is served by Django targets only', () => {
    expect(syncToAsync.families).toEqual(['django']);
  });
});
