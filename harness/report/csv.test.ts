// results.csv (csv.ts): RFC 4180 that round-trips through a strict reader, units in column names,
// raw numbers, hostile strings intact; one column per figure a scenario declares.
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvColumns, csvField, renderCsv } from './csv.js';
import { fixture, HOSTILE, hostileFixture } from './fixtures/load-fixture.js';

/** A strict RFC 4180 reader, to prove the output round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') {
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i++;
      continue;
    }
    if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
      continue;
    }
    field += ch;
    i++;
  }
  return rows;
}

describe('results.csv', () => {
  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('has one row per cell, units in column names, CRLF line ends, and round-trips', () => {
    const r = hostileFixture();
    const first = r.cells[0];
    if (first) first.validity = [{ code: 'x', message: 'p50 "41.2 ms", below\nthe delay', severity: 'warning' }];
    const csv = renderCsv(r);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows.length).toBe(r.cells.length + 1);
    const columns = csvColumns(r);
    expect(rows[0]).toEqual(columns);
    for (const name of ['rps', 'latency_p99_ms', 'server_rss_mib', 'server_cpu_pct', 'duration_s', 'held_peak', 'engine', 'loadgen_req_per_cpu_s'])
      expect(CSV_COLUMNS).toContain(name);
    for (const row of rows) expect(row.length).toBe(columns.length);
    const col = (name: string) => columns.indexOf(name);
    expect(rows[1]?.[col('target')]).toBe(HOSTILE);
    expect(rows[1]?.[col('validity')]).toBe('warning: p50 "41.2 ms", below\nthe delay');
  });

  it('has one column per scenario figure, from the scenario declarations, with no scenario id in the code', () => {
    const r = fixture();
    const rows = parseCsv(renderCsv(r));
    const columns = csvColumns(r);
    for (const name of ['fig_delivery_lag_p99_ms', 'fig_missed_events_total', 'fig_timed_out_total']) expect(columns).toContain(name);
    const lp = rows.find((row) => row[columns.indexOf('scenario')] === 'longpoll' && row[columns.indexOf('status')] === 'completed');
    const sl = rows.find((row) => row[columns.indexOf('scenario')] === 'sleep');
    expect(Number(lp?.[columns.indexOf('fig_delivery_lag_p99_ms')])).toBeGreaterThan(0);
    expect(sl?.[columns.indexOf('fig_delivery_lag_p99_ms')]).toBe('');
    // A scenario nobody has heard of gets its columns too.
    const c = r.cells[0];
    if (c) c.figures = { firstByteMs: { kind: 'histogram', count: 3, p50: 1, p90: 2, p99: 3, max: 4, mean: 2 } };
    expect(csvColumns(r)).toContain('fig_first_byte_p99_ms');
  });

  it('leaves unmeasured figures empty and records failures', () => {
    const r = fixture();
    const rows = parseCsv(renderCsv(r));
    const columns = csvColumns(r);
    const col = (name: string) => columns.indexOf(name);
    const errored = rows.find((r) => r[col('status')] === 'errored');
    expect(errored?.[col('latency_p99_ms')]).toBe('');
    expect(errored?.[col('error_code')]).toBe('server-exited');
  });
});
