// The issue-11 endpoints on both Node models, driven through the harness (runBench), so the
// upstream it starts, the per-chunk timing and the held figure are the real ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../../harness/launcher/http-get.js';
import { runWith } from '../../harness/testing/fixtures.js';
import type { CellResult } from '../../harness/types.js';
import stream from '../../scenarios/stream.js';
import { nodeTargets } from '../targets/node.js';
import { finish, type Started, startServer, tempDb } from './test-helper.js';

const targets = nodeTargets.filter((t) => t.name === 'node-async' || t.name === 'node-sync');
const cellOf = (cells: CellResult[], target: string) => cells.find((c) => c.target === target)!;

describe('Node: upstream and stream through the harness', () => {
  it('upstream fanout=3 × 100 ms: async p50 in [100, 200) ms, sync p50 ≥ 300 ms (floor and ceiling by model)', async () => {
    const { store } = await runWith(targets, { scenarios: ['upstream'], connections: [2], durationS: 1.2, warmupS: 0.3 });
    const cells = store.results.cells;
    const a = cellOf(cells, 'node-async');
    const s = cellOf(cells, 'node-sync');
    for (const c of [a, s]) expect(c, JSON.stringify(c.error ?? c.validity)).toMatchObject({ status: 'completed', valid: true });
    expect(a.latencyMs!.p50).toBeGreaterThanOrEqual(100);
    expect(a.latencyMs!.p50).toBeLessThan(2 * 100);
    expect(s.latencyMs!.p50).toBeGreaterThanOrEqual(3 * 100);
    expect(a.ceilingRps).toBeCloseTo(2 / 0.1);
    expect(s.ceilingRps).toBeCloseTo(1 / 0.3);
    expect(a.figures?.upstreamCallMs).toMatchObject({ kind: 'histogram' });
    expect((a.figures?.upstreamCallMs as { p50: number }).p50).toBeGreaterThanOrEqual(100);
  }, 90_000);

  it('stream: every chunk in order and complete, first chunk ≤ total, streams held ≈ connections (async), ≤ workers (sync)', async () => {
    const connections = 8;
    const { store } = await runWith(targets, {
      scenarios: ['stream'],
      connections: [connections],
      durationS: 1,
      warmupS: 0.3,
      params: { stream: { chunks: 5, interval_ms: 50 } },
    });
    const cells = store.results.cells;
    for (const c of cells) {
      expect(c, JSON.stringify(c.error ?? c.validity)).toMatchObject({ status: 'completed', valid: true });
      // Every response passed the check (complete chunks, in order); none failed.
      expect(c.requests.verifyFailed + c.requests.non2xx).toBe(0);
      const first = c.figures!.firstChunkMs as { p50: number; max: number; count: number };
      expect(first.count).toBe(c.requests.ok);
      expect(first.max).toBeLessThanOrEqual(c.latencyMs!.max);
      expect((c.figures!.chunkGapMs as { count: number }).count).toBe(c.requests.ok * 4);
      expect((c.figures!.unstreamed as { total: number }).total).toBe(0);
    }
    const a = cellOf(cells, 'node-async');
    const s = cellOf(cells, 'node-sync');
    expect(a.held!.peak).toBeGreaterThanOrEqual(connections - 1);
    expect(s.held!.peak).toBeLessThanOrEqual(1);
    // The gaps stay at the interval on both; a sync stream waits for its worker before it starts.
    expect((a.figures!.chunkGapMs as { p50: number }).p50).toBeGreaterThanOrEqual(49);
    expect((s.figures!.firstChunkMs as { p50: number }).p50).toBeGreaterThan((a.figures!.firstChunkMs as { p50: number }).p50);
  }, 90_000);
});

describe.each(['async', 'sync'] as const)('Node %s model: the issue-11 contract', (model) => {
  const db = tempDb();
  let s: Started;
  beforeAll(async () => {
    s = await startServer({ model, workers: 1, db });
  });
  afterAll(async () => {
    await s.stop();
    expect(await finish(db)).toEqual([]);
  });
  const url = (p: string) => `http://127.0.0.1:${s.port}${p}`;

  it('GET /stream streams NDJSON chunks, one per interval, that pass the scenario check', async () => {
    const t0 = performance.now();
    const r = await httpRequest(url('/stream?chunks=3&interval_ms=40'), { timeoutMs: 5000 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(3 * 40);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-ndjson');
    expect(stream.check(r.status, r.body, { chunks: 3, interval_ms: 40 }, {})).toMatchObject({ ok: true, facts: { pid: expect.any(Number) } });
  });

  it('bad parameters are 400 with an error; /upstream without an upstream is 503 naming ASYNCBENCH_UPSTREAM_URL', async () => {
    for (const p of ['/stream?chunks=0', '/stream?interval_ms=60001', '/upstream?fanout=0', '/upstream?fanout=21', '/upstream?ms=x']) {
      const r = await httpRequest(url(p), { timeoutMs: 5000 });
      expect(r.status, p).toBe(400);
      expect(JSON.parse(r.body).error, p).toEqual(expect.any(String));
    }
    const r = await httpRequest(url('/upstream'), { timeoutMs: 5000 });
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).error).toContain('ASYNCBENCH_UPSTREAM_URL');
  });
});
