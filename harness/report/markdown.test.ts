// summary.md (markdown.ts): every chart PNG linked, the headline table and sentences, invalid and
// failed cells marked, hostile names shown literally.
import { describe, expect, it } from 'vitest';
import { buildCharts } from './charts.js';
import { fixture, hostileFixture } from './fixtures/load-fixture.js';
import { buildHeadline } from './headline.js';
import { renderMarkdown } from './markdown.js';

describe('summary.md', () => {
  const r = fixture();
  const md = renderMarkdown(r);

  it('links every chart PNG by relative path', () => {
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(buildCharts(r).map((c) => `charts/${c.id}.png`));
  });

  it('holds the headline table and sentences', () => {
    expect(md).toContain('| scenario | async | sync | workers | connections | async req/s | sync req/s | ratio | async p99 | sync p99 |');
    for (const p of buildHeadline(r).pairs) expect(md).toContain(p.sentence);
  });

  it('marks invalid and failed cells', () => {
    // Under Errors & validity, like the HTML's validity table.
    const [from, to] = [md.indexOf('## Errors &amp; validity\n'), md.indexOf('## Scenario figures\n')];
    expect(from).toBeGreaterThan(0);
    const errors = md.slice(from, to);
    expect(errors).toContain('**Invalid and failed cells**');
    expect(errors).toMatch(/\| ✕ sleep \| django-asgi-uvicorn \| 4 \| 100 \|/);
    expect(md).toContain('✕ aborted');
    expect(md).toMatch(/✕ 956 \(p99 111\.0 ms\)/);
  });

  it('shows hostile names literally', () => {
    const h = renderMarkdown(hostileFixture());
    expect(h).not.toContain('<img');
    expect(h).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});
