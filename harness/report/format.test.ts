// Number and text formatting (format.ts): every renderer prints a figure the same way, whatever
// the locale, and escapes what it embeds.
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, fmtCount, fmtMiB, fmtMs, fmtPct, fmtRps, fmtTimes, jsonForScript } from './format.js';

describe('number formatting', () => {
  it('prints throughput with grouping and fewer decimals as it grows', () => {
    expect(fmtRps(1234.5)).toBe('1,235');
    expect(fmtRps(955.35)).toBe('955');
    expect(fmtRps(19.56)).toBe('19.6');
    expect(fmtRps(9.871)).toBe('9.87');
    expect(fmtRps(null)).toBe('–');
  });
  it('prints latency in ms below a second and in s above, the same way from ms or s', () => {
    expect(fmtMs(12.34)).toBe('12.3 ms');
    expect(fmtMs(0.42)).toBe('0.42 ms');
    expect(fmtMs(4100)).toBe('4.10 s');
    expect(fmtMs(12_345)).toBe('12.3 s');
    expect(fmtMs(Number.NaN)).toBe('–');
  });
  it('prints ratios, percentages, memory and counts', () => {
    expect(fmtTimes(9.63)).toBe('9.6×');
    expect(fmtTimes(24.4)).toBe('24×');
    expect(fmtTimes(0.8)).toBe('0.80×');
    expect(fmtPct(87.4)).toBe('87%');
    expect(fmtPct(4.56)).toBe('4.6%');
    expect(fmtMiB(123.4)).toBe('123 MiB');
    expect(fmtMiB(58.25)).toBe('58.3 MiB');
    expect(fmtCount(12345)).toBe('12,345');
  });
});

describe('escaping', () => {
  it('HTML-escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
  it('keeps JSON for a script element free of < > & while it still parses to the same value', () => {
    const v = { name: '</script><!-- & \u2028' };
    const s = jsonForScript(v);
    expect(s).not.toMatch(/[<>&]/);
    expect(JSON.parse(s)).toEqual(v);
  });
  it('shows Markdown and HTML literally', () => {
    expect(escapeMarkdown('a|b <img> *x*')).toBe('a\\|b &lt;img&gt; \\*x\\*');
  });
});
