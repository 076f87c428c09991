// Building blocks of the chart specs: colours, markers for invalid cells, and base options. All of
// it is plain JSON; functions (tick and tooltip formatting) are added by chart-hydrate.ts.
import type { Results } from '../types.js';
import { fmtWorkers } from './format.js';
import { sideOf, targetOrder, type Point } from './points.js';
import type { Json } from './types.js';

// Async targets in cool hues, sync targets in warm ones: the two sides read apart at a glance.
const COOL = ['#2563eb', '#059669', '#7c3aed', '#0891b2', '#4f46e5', '#0d9488'];
const WARM = ['#dc2626', '#d97706', '#db2777', '#a16207', '#ea580c', '#9f1239'];
const NEUTRAL = ['#4b5563', '#6b7280', '#374151'];

export const INVALID_COLOR = '#111827';
export const INVALID_MARK = '✕';

export function targetColors(results: Results): Map<string, string> {
  const used = { async: 0, sync: 0, none: 0 };
  const out = new Map<string, string>();
  for (const name of targetOrder(results)) {
    const side = sideOf(results, name) ?? 'none';
    const palette = side === 'async' ? COOL : side === 'sync' ? WARM : NEUTRAL;
    out.set(name, palette[used[side]++ % palette.length] ?? '#6b7280');
  }
  return out;
}

/** Mixes a #rrggbb colour with white: t = 0 keeps it, t = 1 is white. */
export function lighten(hex: string, t: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const ch = (shift: number) => Math.round(((n >> shift) & 255) + (255 - ((n >> shift) & 255)) * t);
  return `#${[16, 8, 0].map((s) => ch(s).toString(16).padStart(2, '0')).join('')}`;
}

export function alpha(hex: string, a: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

/** Shade of a target's colour for its i-th worker count of n: fewer workers, lighter line. */
export function workerShade(base: string, i: number, n: number): string {
  return n <= 1 ? base : lighten(base, ((n - 1 - i) / (n - 1)) * 0.5);
}

const WORKER_MARKERS = ['circle', 'rect', 'triangle', 'rectRot', 'star'];
export const markerFor = (i: number): string => WORKER_MARKERS[i % WORKER_MARKERS.length] ?? 'circle';

export const seriesLabel = (target: string, workers: number | null): string => `${target} · ${fmtWorkers(workers)}w`;

export interface XY {
  x: number | string;
  y: number | null;
  /** Shown in the tooltip under the value: why the point is invalid. */
  note?: string;
}

export function noteOf(p: Point): string | undefined {
  if (!p.valid) return `${INVALID_MARK} invalid: ${p.reasons.join('; ')}`;
  if (p.warnings.length > 0) return `warning: ${p.warnings.join('; ')}`;
  return undefined;
}

/** A line dataset whose invalid points are drawn as a large dark ✕, in the data and the PNG alike. */
export function lineDataset(
  label: string,
  color: string,
  marker: string,
  data: XY[],
  invalid: boolean[],
  extra: Record<string, Json> = {},
): Record<string, Json> {
  return {
    label,
    data: data as unknown as Json,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    tension: 0,
    spanGaps: true,
    pointStyle: invalid.map((bad) => (bad ? 'crossRot' : marker)),
    pointRadius: invalid.map((bad) => (bad ? 9 : 4)),
    pointHoverRadius: invalid.map((bad) => (bad ? 11 : 6)),
    pointBorderWidth: invalid.map((bad) => (bad ? 3 : 1)),
    pointBorderColor: invalid.map((bad) => (bad ? INVALID_COLOR : color)),
    pointBackgroundColor: invalid.map((bad) => (bad ? INVALID_COLOR : color)),
    ...extra,
  };
}

export function axis(title: string, type: 'linear' | 'logarithmic' | 'category', extra: Record<string, Json> = {}): Record<string, Json> {
  return { type, title: { display: true, text: title }, grid: { color: '#e5e7eb' }, ...extra };
}

export function baseOptions(scales: Record<string, Json>, extra: Record<string, Json> = {}): Record<string, Json> {
  return {
    interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
    plugins: {
      legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 12 } },
      title: { display: false, text: '' },
    },
    scales,
    ...extra,
  };
}

/** Groups points by a key, keeping first-seen order. */
export function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}
