// The report model (issue 24): writeReport builds the report's data once and hands it to the HTML,
// Markdown and PNG renderers; each renderer still works alone, building its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixture } from './fixtures/load-fixture.js';
import { buildHeadline } from './headline.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildPoints } from './points.js';
import { SECTIONS } from './sections.js';
import type { SectionDef } from './types.js';
import { writeReport } from './write.js';

// Call-through spies: every importer of these modules sees the counted function.
vi.mock('./headline.js', async (original) => {
  const m = await original<typeof import('./headline.js')>();
  return { ...m, buildHeadline: vi.fn(m.buildHeadline) };
});
vi.mock('./points.js', async (original) => {
  const m = await original<typeof import('./points.js')>();
  return { ...m, buildPoints: vi.fn(m.buildPoints) };
});

/** Wraps every section's chart builder with a counter; returns the counts and a restore function. */
function countChartBuilders(): { runs: Map<string, number>; restore: () => void } {
  const runs = new Map<string, number>();
  const saved = SECTIONS.map((s) => [s, s.charts] as const);
  for (const s of SECTIONS as SectionDef[]) {
    const build = s.charts;
    if (!build) continue;
    runs.set(s.id, 0);
    s.charts = (ctx) => {
      runs.set(s.id, (runs.get(s.id) ?? 0) + 1);
      return build(ctx);
    };
  }
  return {
    runs,
    restore: () => {
      for (const [s, build] of saved) (s as SectionDef).charts = build;
    },
  };
}

describe('the report model', () => {
  afterEach(() => vi.clearAllMocks());

  it('is built once per report: every chart builder, the headline and the points run once for HTML, Markdown and PNGs together', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-model-'));
    const results = fixture();
    const counted = countChartBuilders();
    try {
      vi.clearAllMocks();
      const out = await writeReport(dir, results, { png: { width: 320, height: 200 } });
      expect(out.files.filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(17);
    } finally {
      counted.restore();
    }
    expect(Object.fromEntries(counted.runs)).toEqual(Object.fromEntries([...counted.runs.keys()].map((id) => [id, 1])));
    expect(vi.mocked(buildHeadline)).toHaveBeenCalledTimes(1);
    // The run's points once; the headline's valid-only points (median of valid repeats) are their own set.
    expect(vi.mocked(buildPoints).mock.calls.filter(([, validOnly]) => !validOnly)).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves each renderer callable alone: without a model it builds the same output', async () => {
    const { buildReportModel } = await import('./model.js');
    const results = fixture();
    const micro = [{ task: 'json parse', meanMs: 0.012, p99Ms: 0.05, rme: 1.2, samples: 1000 }];
    const model = buildReportModel(results, { micro });
    expect(renderHtml(results, { chartJs: '', micro, model })).toBe(renderHtml(results, { chartJs: '', micro }));
    expect(renderMarkdown(results, { model })).toBe(renderMarkdown(results, { micro }));
    expect(() => renderHtml(fixture(), { chartJs: '', model })).toThrow(/built from other results/);
  });
});
