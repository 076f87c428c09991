// The headline (headline.ts): which async/sync pairs it compares, at which cells, and what its
// sentence says; invalid cells never enter it.
import { describe, expect, it } from 'vitest';
import type { Results } from '../types.js';
import { fixture } from './fixtures/load-fixture.js';
import { fmtCount, fmtMs, fmtRps, fmtTimes } from './format.js';
import { buildHeadline, headlineSummary } from './headline.js';

const cell = (r: Results, target: string, scenario: string, workers: number, connections: number) => {
  const c = r.cells.find((x) => x.target === target && x.scenario === scenario && x.workers === workers && x.connections === connections);
  if (!c) throw new Error('no such cell');
  return c;
};

const r = fixture();
const h = buildHeadline(r);
const pair = (scenario: string, a: string) => h.pairs.find((p) => p.scenario === scenario && p.asyncTarget === a);

describe('headline: the compared pairs', () => {
  it('pairs each async target with its sync counterpart of the same family, per scenario', () => {
    expect(h.pairs.map((p) => `${p.scenario}:${p.asyncTarget}/${p.syncTarget}`)).toEqual([
      'sleep:node-async/node-sync',
      'sleep:django-asgi-uvicorn/django-wsgi-sync',
      'db:node-async/node-sync',
      'db:django-asgi-uvicorn/django-wsgi-sync',
      'longpoll:node-async/node-sync',
      'longpoll:django-asgi-uvicorn/django-wsgi-sync',
    ]);
  });

  it('takes the most workers, then the most connections, and computes the ratio from those cells', () => {
    const p = pair('sleep', 'node-async');
    const a = cell(r, 'node-async', 'sleep', 4, 100);
    const s = cell(r, 'node-sync', 'sleep', 4, 100);
    expect(p).toMatchObject({ workers: 4, connections: 100, asyncRps: a.rps, syncRps: s.rps, asyncP99Ms: a.latencyMs?.p99, syncP99Ms: s.latencyMs?.p99 });
    expect(p?.ratio).toBeCloseTo(a.rps / s.rps, 10);
  });

  it('never uses an invalid, errored or aborted cell', () => {
    // django-asgi-uvicorn sleep 4w × 100c is invalid (load generator CPU): the pair falls back to 10 connections.
    expect(cell(r, 'django-asgi-uvicorn', 'sleep', 4, 100).valid).toBe(false);
    expect(pair('sleep', 'django-asgi-uvicorn')).toMatchObject({ workers: 4, connections: 10 });
    // django-wsgi-sync db 4w × 100c is invalid (error rate); longpoll 4w × 100c errored and aborted.
    expect(pair('db', 'django-asgi-uvicorn')).toMatchObject({ workers: 4, connections: 10 });
    expect(pair('longpoll', 'django-asgi-uvicorn')).toMatchObject({ workers: 4, connections: 10 });
    expect(pair('longpoll', 'node-async')).toMatchObject({ workers: 4, connections: 10 });
  });

  it('writes a verdict sentence that holds the figures', () => {
    const p = pair('sleep', 'node-async');
    expect(p?.sentence).toBe(
      `At 100 connections with 4 workers, node-async served ${fmtTimes(p?.ratio)} the requests of node-sync (${fmtRps(p?.asyncRps)} vs ${fmtRps(p?.syncRps)} req/s); p99 ${fmtMs(p?.asyncP99Ms)} vs ${fmtMs(p?.syncP99Ms)}.`,
    );
    expect(p?.sentence).toContain('24×');
    expect(p?.sentence).toContain('p99 111.0 ms vs 3.26 s');
  });
});

describe('headline: what each pair says', () => {
  it("adds the scenario's own latency figures (its histogram FigureSpecs), where throughput alone would tie", () => {
    const p = pair('longpoll', 'node-async');
    const results = fixture();
    const cellOf = (t: string) =>
      results.cells.find((c) => c.target === t && c.scenario === 'longpoll' && c.workers === p?.workers && c.connections === p?.connections);
    const lag = (t: string) => (cellOf(t)?.figures?.deliveryLagMs as { p99: number }).p99;
    expect(p?.figures).toEqual([{ title: 'Delivery lag', asyncP99: lag('node-async'), syncP99: lag('node-sync') }]);
    expect(p?.sentence).toContain(`; delivery lag p99 ${fmtMs(lag('node-async'))} vs ${fmtMs(lag('node-sync'))}.`);
    // A scenario that declares no histogram figure keeps the plain sentence.
    expect(pair('sleep', 'node-async')?.figures).toEqual([]);
  });

  it('names a stream that did not stream, against the responses each side answered', () => {
    const r2 = fixture();
    // The longpoll cells stand in for a stream run: declare a count figure, count every async answer.
    const scn = r2.scenarios.find((x) => x.id === 'longpoll');
    if (!scn) throw new Error('no longpoll scenario in the fixture');
    scn.figures = { ...scn.figures, unstreamed: { kind: 'sum', title: 'Did not stream', unit: 'requests', description: 'all chunks at the end' } };
    for (const c of r2.cells.filter((x) => x.scenario === 'longpoll')) {
      c.figures = { ...c.figures, unstreamed: { kind: 'sum', total: c.target.endsWith('async') || c.target.includes('asgi') ? c.requests.ok : 0 } };
    }
    const p = buildHeadline(r2).pairs.find((x) => x.scenario === 'longpoll' && x.asyncTarget === 'node-async');
    const ok =
      r2.cells.find((c) => c.target === 'node-async' && c.scenario === 'longpoll' && c.workers === p?.workers && c.connections === p?.connections)?.requests
        .ok ?? 0;
    expect(ok).toBeGreaterThan(0);
    expect(p?.counts).toEqual([{ title: 'Did not stream', async: ok, asyncOf: ok, sync: 0, syncOf: expect.any(Number) }]);
    expect(p?.sentence).toMatch(new RegExp(`; did not stream: all ${fmtCount(ok)} responses vs none\\.$`));
    // Zero on both sides says nothing: no count.
    expect(pair('longpoll', 'node-async')?.counts).toEqual([]);
  });

  it('says when fewer workers answered than the pair is labelled with', () => {
    const r4 = fixture();
    const c = cell(r4, 'node-async', 'sleep', 4, 100);
    c.workerPids = 3;
    c.validity = [...c.validity, { code: 'workers-idle', severity: 'warning', message: 'only 3 of 4' }];
    const p = buildHeadline(r4).pairs.find((x) => x.scenario === 'sleep' && x.asyncTarget === 'node-async');
    expect([p?.asyncWorkersAnswered, p?.syncWorkersAnswered]).toEqual([3, null]);
    expect(p?.sentence).toMatch(/; only 3 of 4 node-async workers answered\.$/);
    expect(pair('sleep', 'node-async')?.asyncWorkersAnswered).toBeNull();
  });

  it("names the variant that ran from the scenario's string parameters", () => {
    const r3 = fixture();
    for (const c of r3.cells.filter((x) => x.scenario === 'sleep')) c.params = { ...c.params, mode: 'sensitive' };
    const p = buildHeadline(r3).pairs.find((x) => x.scenario === 'sleep' && x.asyncTarget === 'node-async');
    expect(p?.variant).toBe('mode=sensitive');
    expect(p?.sentence).toMatch(/^At 100 connections with 4 workers \(mode=sensitive\), node-async served/);
    expect(pair('sleep', 'node-async')?.variant).toBeNull();
  });
});

describe('headline: no pair, repeats, and the one-line summary', () => {
  it('says so when no valid pair exists', () => {
    const bad = fixture();
    for (const c of bad.cells) {
      if (c.target === 'django-asgi-uvicorn' && c.scenario === 'db') {
        c.valid = false;
        c.validity = [{ code: 'throughput-above-ceiling', message: 'too fast', severity: 'error' }];
      }
    }
    const hb = buildHeadline(bad);
    expect(hb.pairs.some((p) => p.scenario === 'db' && p.asyncTarget === 'django-asgi-uvicorn')).toBe(false);
    const gap = hb.gaps.find((g) => g.scenario === 'db' && g.asyncTarget === 'django-asgi-uvicorn');
    expect(gap?.reason).toMatch(/no worker and connection count where both django-asgi-uvicorn and django-wsgi-sync have a valid cell/);
  });

  it('treats the median valid repeat as the figure, ignoring invalid repeats', () => {
    const rep = fixture();
    const base = cell(rep, 'node-sync', 'sleep', 4, 100);
    rep.cells.push(
      { ...structuredClone(base), repeat: 2, rps: 41 },
      { ...structuredClone(base), repeat: 3, rps: 400, valid: false, validity: [{ code: 'x', message: 'x', severity: 'error' }] },
    );
    const p = buildHeadline(rep).pairs.find((x) => x.scenario === 'sleep' && x.syncTarget === 'node-sync');
    expect(p?.syncRps).toBe(base.rps); // median of 39.09 and 41 (lower median), never 400
  });

  it('summarises a run in one sentence, or says there is no pair', () => {
    expect(headlineSummary(h)).toContain('Sleep (pure waiting): At 100 connections');
    const lone = fixture();
    lone.cells = lone.cells.filter((c) => c.target === 'node-async');
    expect(headlineSummary(buildHeadline(lone))).toMatch(/^No valid async\/sync pair/);
  });
});

describe('headline pairing notes', () => {
  it('say why each target was or was not paired: its side, its family, and where each came from', () => {
    const r = fixture();
    const base = r.cells.find((c) => c.target === 'node-async' && c.valid)!;
    const t = (name: string, over: Partial<Results['targets'][number]>) => ({ ...r.targets[0]!, name, family: null, views: null, ...over });
    r.targets = [
      t('tfb-gthread', { model: 'sync-threads', family: 'tfb' }),
      t('tfb-uvicorn', { model: 'async', family: 'tfb' }),
      t('tfb-granian', { model: 'async' }),
      t('mine', { model: 'async', family: 'shop', views: 'async' }),
      t('staging', { model: null, kind: 'url' }),
    ];
    r.cells = r.targets.map((x) => ({ ...base, target: x.name, model: x.model }));
    expect(buildHeadline(r).pairing).toEqual([
      'tfb-gthread: sync side (model sync-threads, as no "views" were declared), family tfb (declared); paired with tfb-uvicorn',
      'tfb-uvicorn: async side (model async, as no "views" were declared), family tfb (declared); paired with tfb-gthread',
      // A name prefix is not a family (issue 24): tfb-granian pairs with nothing until it declares one.
      'tfb-granian: left out of the headline: it declares no "family", so it has no counterpart (give the async and the sync target the same "family")',
      'mine: async side (views async, declared), family shop (declared); no sync target of that family ran, so no pair',
      'staging: left out of the headline: it declares neither "views" nor a "model", so it is on neither the async nor the sync side',
    ]);
  });
});
