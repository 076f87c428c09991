/**
 * Peak and time-weighted mean number of overlapping intervals inside [from, to]: how many requests
 * the server held at once, reconstructed from each response's arrival time and its serverMs.
 */
export function heldConcurrency(intervals: ReadonlyArray<readonly [number, number]>, from: number, to: number): { peak: number; mean: number } {
  if (to <= from || intervals.length === 0) return { peak: 0, mean: 0 };
  const events: Array<[number, number]> = [];
  for (const [s, e] of intervals) {
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    if (b <= a) continue;
    events.push([a, 1], [b, -1]);
  }
  // Ends sort before starts at the same instant, so back-to-back requests do not count as overlapping.
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let cur = 0;
  let peak = 0;
  let area = 0;
  let last = from;
  for (const [t, d] of events) {
    area += cur * (t - last);
    last = t;
    cur += d;
    peak = Math.max(peak, cur);
  }
  return { peak, mean: area / (to - from) };
}
