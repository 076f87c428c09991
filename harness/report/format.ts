// Number and text formatting shared by every renderer, so a figure reads the same in the HTML,
// the Markdown and the chart tooltips. en-US grouping, whatever the machine's locale, so output is
// deterministic.

const grouped = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const G0 = grouped(0);
const G1 = grouped(1);
const G2 = grouped(2);

const bad = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);

/** Requests per second: 1234.5 → "1,235"; 19.56 → "19.6"; 9.87 → "9.87". */
export function fmtRps(x: number | null | undefined): string {
  if (bad(x)) return '–';
  const a = Math.abs(x);
  return a >= 100 ? G0.format(x) : a >= 10 ? G1.format(x) : G2.format(x);
}

/** A latency in ms: 0.42 → "0.42 ms"; 12.34 → "12.3 ms"; 4100 → "4.10 s"; 12345 → "12.3 s". */
export function fmtMs(ms: number | null | undefined): string {
  if (bad(ms)) return '–';
  const a = Math.abs(ms);
  if (a < 10) return `${G2.format(ms)} ms`;
  if (a < 1000) return `${G1.format(ms)} ms`;
  const s = ms / 1000;
  return Math.abs(s) < 10 ? `${G2.format(s)} s` : Math.abs(s) < 100 ? `${G1.format(s)} s` : `${G0.format(s)} s`;
}

/** A value in seconds, printed like fmtMs: 0.0123 → "12.3 ms". */

/** Percent of one core, or any percentage: 87.4 → "87%"; 4.56 → "4.6%". */
export function fmtPct(x: number | null | undefined): string {
  if (bad(x)) return '–';
  return Math.abs(x) >= 10 ? `${G0.format(x)}%` : `${G1.format(x)}%`;
}

/** A 0–1 ratio as a percentage: 0.934 → "93%". */
export const fmtRatioPct = (r: number | null | undefined): string => (bad(r) ? '–' : fmtPct(r * 100));

export function fmtMiB(x: number | null | undefined): string {
  if (bad(x)) return '–';
  return Math.abs(x) >= 100 ? `${G0.format(x)} MiB` : `${G1.format(x)} MiB`;
}

export function fmtCount(x: number | null | undefined): string {
  return bad(x) ? '–' : G0.format(x);
}

/** How many times more: 9.63 → "9.6×"; 0.8 → "0.80×"; 48.2 → "48×". */
export function fmtTimes(r: number | null | undefined): string {
  if (bad(r)) return '–';
  return r >= 10 ? `${G0.format(r)}×` : r >= 1 ? `${G1.format(r)}×` : `${G2.format(r)}×`;
}

/** Workers of a cell: null means an already-running server whose workers are unknown. */
export const fmtWorkers = (w: number | null): string => (w === null ? '?' : String(w));

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtCount(n)} ${n === 1 ? one : many}`;
}

/** Text for HTML text and attribute values; every string from config, servers or the run goes through it. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * JSON inside <script type="application/json">: `<` becomes \u003c so no `</script>` or `<!--` can
 * end or change the element; U+2028/9 are escaped for old parsers that treat them as newlines.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text in a Markdown table cell or paragraph: Markdown syntax and HTML are shown literally. */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\`*_[\]|#]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** A date-time as "2025-11-22 12:03 UTC" (ISO input; unparsable input is returned as is). */
export function fmtDate(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
