// The issue-11 scenarios on Django through the harness (runBench): both view styles on upstream and
// stream, the mismatched sync-generator stream under ASGI, the no-signals variant's threads, and
// the naive view failing verification with SynchronousOnlyOperation named.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWith } from '../../harness/testing/fixtures.js';
import type { CellResult, LaunchedTargetDef } from '../../harness/types.js';
import { DJANGO_PYTHON, djangoTargets, djangoVariantTargets } from '../targets/django.js';

const venvReady = fs.existsSync(DJANGO_PYTHON);
const all = [...djangoTargets, ...djangoVariantTargets];
const def = (n: string) => all.find((t) => t.name === n) as LaunchedTargetDef;
const cellOf = (cells: CellResult[], target: string) => cells.find((c) => c.target === target)!;
const hist = (c: CellResult, k: string) => c.figures![k] as { p50: number; max: number; count: number };
const styles = [def('django-asgi-uvicorn'), def('django-wsgi-sync')];

describe.skipIf(!venvReady)('Django: the issue-11 scenarios through the harness', () => {
  it('upstream fanout=3 × 100 ms: async views p50 in [100, 200) ms, sync views p50 ≥ 300 ms', async () => {
    const { store } = await runWith(styles, { scenarios: ['upstream'], connections: [2], durationS: 1.2, warmupS: 0.3 });
    const a = cellOf(store.results.cells, 'django-asgi-uvicorn');
    const s = cellOf(store.results.cells, 'django-wsgi-sync');
    for (const c of [a, s]) expect(c, JSON.stringify(c.error ?? c.validity)).toMatchObject({ status: 'completed', valid: true });
    expect(a.latencyMs!.p50).toBeGreaterThanOrEqual(100);
    expect(a.latencyMs!.p50).toBeLessThan(2 * 100);
    expect(s.latencyMs!.p50).toBeGreaterThanOrEqual(3 * 100);
    expect(a.cpuMsPerRequest).toBeGreaterThan(0);
  }, 120_000);

  it('stream: chunks in order and complete; held ≈ connections (async views), ≤ workers (sync); a sync generator under ASGI does not stream', async () => {
    const connections = 8;
    const { store } = await runWith([...styles, def('django-asgi-syncstream')], {
      scenarios: ['stream'],
      connections: [connections],
      durationS: 1,
      warmupS: 0.3,
      params: { stream: { chunks: 5, interval_ms: 50 } },
    });
    const cells = store.results.cells;
    for (const c of cells) {
      expect(c, JSON.stringify(c.error ?? c.validity)).toMatchObject({ status: 'completed', valid: true });
      expect(c.requests.verifyFailed + c.requests.non2xx).toBe(0);
      expect(hist(c, 'firstChunkMs').count).toBe(c.requests.ok);
      expect(hist(c, 'firstChunkMs').max).toBeLessThanOrEqual(c.latencyMs!.max);
    }
    const a = cellOf(cells, 'django-asgi-uvicorn');
    const s = cellOf(cells, 'django-wsgi-sync');
    const mismatched = cellOf(cells, 'django-asgi-syncstream');
    expect(a.held!.peak).toBeGreaterThanOrEqual(connections - 1);
    expect(s.held!.peak).toBeLessThanOrEqual(1);
    expect((a.figures!.unstreamed as { total: number }).total).toBe(0);
    expect(hist(a, 'firstChunkMs').p50).toBeLessThan(2 * 50 + 50);
    // Django 5.2 builds a sync iterator's whole body on a thread before sending: no chunk before the end.
    expect((mismatched.figures!.unstreamed as { total: number }).total).toBe(mismatched.requests.ok);
    expect(hist(mismatched, 'firstChunkMs').p50).toBeGreaterThanOrEqual(5 * 50);
  }, 120_000);

  it('the no-signals variant serves sleep with no thread per request; the standard ASGI target takes one each', async () => {
    const connections = 20;
    const { store } = await runWith([def('django-asgi-uvicorn'), def('django-asgi-nosignals')], {
      scenarios: ['sleep'],
      connections: [connections],
      durationS: 1,
      warmupS: 0.3,
    });
    const std = cellOf(store.results.cells, 'django-asgi-uvicorn');
    const bare = cellOf(store.results.cells, 'django-asgi-nosignals');
    for (const c of [std, bare]) expect(c, JSON.stringify(c.error ?? c.validity)).toMatchObject({ status: 'completed', valid: true });
    // The hops add about one thread per request in flight; both targets share a small baseline
    // (uvicorn, gunicorn and Python's own threads: measured 5-11 without the hops, 22-42 with them at 20
    // connections; the per-request threads come and go, so the margin is a quarter of the connections).
    expect(std.resources.threads!).toBeGreaterThanOrEqual(connections / 2);
    expect(std.resources.threads! - bare.resources.threads!).toBeGreaterThanOrEqual(connections / 4);
    expect(bare.resources.threads!).toBeLessThan(connections);
  }, 120_000);

  it('django-asgi-naive fails verification before any load, naming SynchronousOnlyOperation and the fix', async () => {
    const { store, erroredCells } = await runWith([def('django-asgi-naive')], { scenarios: ['db'], connections: [2] });
    expect(erroredCells).toBe(1);
    const c = store.results.cells[0]!;
    expect(c.status).toBe('errored');
    expect(c.requests.ok + c.requests.verifyFailed).toBe(0);
    expect(c.error!.code).toBe('verify-failed');
    expect(c.error!.message).toContain('status 500, expected 200: SynchronousOnlyOperation');
    expect(c.error!.message).toContain('async for');
    expect(c.error!.message).toContain('sync_to_async');
  }, 120_000);
});
