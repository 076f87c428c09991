// The section registry (sections.ts) is the one list of report sections: HTML, Markdown and the PNG
// charts follow it, a new section is one entry, and a new scenario's figures need no report edit.
import { describe, expect, it } from 'vitest';
import { upgradeResults } from '../results/upgrade.js';
import { buildCharts } from './charts.js';
import { csvColumns } from './csv.js';
import { fixture } from './fixtures/load-fixture.js';
import { escapeHtml, escapeMarkdown } from './format.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderCapacityCsv } from './csv.js';
import { SECTIONS } from './sections.js';
import { capacityTable, sizingSentences } from './sizing.js';
import type { ChartDraft, SectionDef } from './types.js';

const chartJs = '/* chart.js stub */';
const micro = [{ task: 'json parse', meanMs: 0.012, p99Ms: 0.05, rme: 1.2, samples: 1000 }];
const sectionIds = (html: string) => [...html.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1]);
const navIds = (html: string) => [...html.matchAll(/<li><a href="#([a-z-]+)">/g)].map((m) => m[1]);
const mdHeadings = (md: string) => [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);

/** A stand-in for a later section (issue 23's Neighbours): one chart per scenario, its own HTML and Markdown. */
const NEIGHBOURS: SectionDef = {
  id: 'neighbours',
  title: 'Neighbours',
  intro: 'Quick requests beside long holders.',
  charts: (ctx) =>
    ctx.closed.map((s): ChartDraft => ({
      id: `neighbours-${s.scenario}`,
      title: `${s.title}: neighbours`,
      caption: 'quick requests',
      config: { type: 'bar', data: { labels: [], datasets: [] }, options: {} },
      formats: {},
      table: { columns: ['target'], rows: [] },
    })),
  html: () => '<p>quick requests beside holders</p>',
  markdown: () => ['quick requests beside holders'],
};

describe('the section registry', () => {
  it('is the one source of section ids, titles and order for HTML, Markdown and the PNG charts', () => {
    const r = fixture();
    const charts = buildCharts(r);
    const ids = SECTIONS.map((s) => s.id);
    for (const c of charts) expect(ids).toContain(c.section);
    // Charts come in registry order.
    const order = charts.map((c) => ids.indexOf(c.section));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const html = renderHtml(r, { chartJs });
    const md = renderMarkdown(r);
    for (const s of SECTIONS.filter((x) => charts.some((c) => c.section === x.id))) {
      expect(html).toContain(`<section id="${s.id}" class="wrap"><h2>${escapeHtml(s.title)}</h2>`);
      expect(md).toContain(`## ${escapeMarkdown(s.title)}\n`);
    }
  });

  it('is every section of index.html, its table of contents and summary.md, in its order: headline, micro-benchmarks, scenarios and provenance too', () => {
    const r = fixture();
    const ids = SECTIONS.map((s) => s.id);
    const html = renderHtml(r, { chartJs, micro });
    const shown = sectionIds(html);
    expect(shown.filter((id) => !ids.includes(id as string))).toEqual([]);
    expect(shown).toEqual(ids.filter((id) => shown.includes(id)));
    expect(shown).toEqual(expect.arrayContaining(['headline', 'micro', 'scenarios', 'provenance']));
    expect(navIds(html)).toEqual(shown);
    const titles = SECTIONS.map((s) => escapeMarkdown(s.title));
    const heads = mdHeadings(renderMarkdown(r, { micro }));
    expect(heads.filter((t) => !titles.includes(t as string))).toEqual([]);
    expect(heads).toEqual(titles.filter((t) => heads.includes(t)));
    expect(heads).toEqual(expect.arrayContaining(['Headline', 'Micro-benchmarks', 'Errors &amp; validity']));
  });

  it('takes a new section from one registry entry, with no edit to html.ts or markdown.ts', () => {
    const r = fixture();
    const list = SECTIONS as SectionDef[];
    list.push(NEIGHBOURS);
    try {
      const html = renderHtml(r, { chartJs });
      expect(sectionIds(html).at(-1)).toBe('neighbours');
      expect(navIds(html).at(-1)).toBe('neighbours');
      expect(html).toContain('<canvas id="canvas-neighbours-sleep"');
      expect(html).toContain('<p>quick requests beside holders</p></section>');
      const md = renderMarkdown(r);
      expect(mdHeadings(md).at(-1)).toBe('Neighbours');
      expect(md).toContain('![Sleep (pure waiting): neighbours](charts/neighbours-sleep.png)\n');
      expect(md).toContain('![Long-polling: neighbours](charts/neighbours-longpoll.png)\n\nquick requests beside holders\n');
      expect(
        buildCharts(r)
          .filter((c) => c.section === 'neighbours')
          .map((c) => c.id),
      ).toEqual(['neighbours-sleep', 'neighbours-db', 'neighbours-longpoll']);
    } finally {
      list.pop();
    }
  });
});

describe('sections from the registry', () => {
  it('shows a new scenario’s own figures, titled from its declaration, with no report edit', () => {
    const r = fixture();
    r.scenarios.push({
      id: 'stream',
      title: 'Streaming',
      explanation: 'x',
      params: {},
      figures: {
        firstByteMs: { kind: 'histogram', title: 'Time to first byte', unit: 'ms', description: 'from the send to the first body byte' },
        stalls: { kind: 'sum', title: 'Stalls', unit: 'events', description: 'gaps over 1 s' },
      },
    });
    const base = r.cells.filter((c) => c.scenario === 'sleep' && c.status === 'completed').slice(0, 4);
    for (const c of base) {
      r.cells.push({
        ...c,
        scenario: 'stream',
        figures: { firstByteMs: { kind: 'histogram', count: 10, p50: 12, p90: 20, p99: 31, max: 40, mean: 14 }, stalls: { kind: 'sum', total: 2 } },
      });
    }
    const charts = buildCharts(r).filter((c) => c.section === 'figures');
    const stream = charts.find((c) => c.id === 'figures-stream');
    expect(stream?.title).toContain('time to first byte');
    expect(stream?.table.columns).toEqual(expect.arrayContaining(['Time to first byte p99', 'Stalls', 'held at once (peak)']));
    expect(stream?.caption).toContain('from the send to the first body byte');
    expect(charts.find((c) => c.id === 'figures-longpoll')?.table.columns).toContain('Delivery lag p99');
    expect(renderHtml(r, { chartJs })).toContain('canvas-figures-stream');
    expect(csvColumns(r)).toEqual(expect.arrayContaining(['fig_first_byte_p99_ms', 'fig_stalls_total']));
  });

  it('reads a schema-1 file: long-poll facts become generic figures', () => {
    const r = fixture();
    r.schemaVersion = 1;
    for (const c of r.cells) {
      if (!c.figures) continue;
      const lag = c.figures.deliveryLagMs;
      (c as { longpoll?: unknown }).longpoll = {
        deliveryLagMs: lag?.kind === 'histogram' ? { p50: lag.p50, p99: lag.p99, max: lag.max, mean: lag.mean } : null,
        missedEvents: 3,
        timedOut: 0,
        heldPeak: 7,
        heldMean: 6,
      };
      delete c.figures;
      delete c.held;
    }
    const up = upgradeResults(r);
    const lp = up.cells.find((c) => (c as { longpoll?: unknown }).longpoll);
    expect(lp?.figures?.missedEvents).toEqual({ kind: 'sum', total: 3 });
    expect(lp?.held).toEqual({ peak: 7, mean: 6 });
    expect(buildCharts(up).some((c) => c.id === 'figures-longpoll')).toBe(true);
  });

  it('has a Sizing section from one registry entry: capacity chart and table, predictions, the bill, and a headline sentence', () => {
    const r = fixture();
    const html = renderHtml(r, { chartJs });
    expect(html).toContain('<section id="sizing" class="wrap"><h2>Sizing</h2>');
    expect(buildCharts(r).find((c) => c.id === 'sizing-sleep')?.section).toBe('sizing');
    const [sentence] = sizingSentences(r);
    expect(sentence?.sentence).toMatch(
      /^At p99 < 500\.0 ms, 4 workers of django-asgi-uvicorn hold 590 req\/s; django-wsgi-sync needs 62 workers for the same \(extrapolated from 9\.60 req\/s per worker measured at 4 workers; verified: it did not hold\)\./,
    );
    expect(html).toContain(escapeHtml(sentence?.sentence ?? 'x'));
    const md = renderMarkdown(r);
    expect(md).toContain('## Sizing\n');
    expect(md).toContain('| scenario | target | workers | threads | goal | max rate at the goal |');
    // The samples behind each p99, next to it, and each probe's own (issue 21); a failure run once more says so.
    expect(md).toContain('| goal percentile there | p99 there | samples there |');
    expect(md).toMatch(/\| 420\.0 ms \| 420\.0 ms \| 5,900 \|/);
    expect(md).toContain('10.4 ✕ (1,000), 10.4 ✕ again (1,000), 9.60 ✓ (1,000); failures run once more: 1 confirmed, 0 overturned');
    expect(md).toContain(escapeMarkdown(sentence?.sentence ?? 'x'));
    // CSV carries the same table, one row per capacity row (the verify run included).
    const csv = renderCapacityCsv(r).trim().split('\r\n');
    expect(csv.length).toBe((r.capacity?.length ?? 0) + 1);
    expect(csv[0]).toMatch(/^run_id,scenario,target,workers,threads,model,goal,.*,p99_ms,samples_count,.*,probes,confirmed_failures,overturned_failures,/);
    expect(capacityTable(r).rows.length).toBe(6);
    // Runs without --slo have no Sizing section.
    delete r.capacity;
    delete r.sizing;
    expect(renderHtml(r, { chartJs })).not.toContain('id="sizing"');
    expect(renderMarkdown(r)).not.toMatch(/Sizing/);
  });
});
