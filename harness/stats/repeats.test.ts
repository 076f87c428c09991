// Repeats are summarised per measurement point, rate included, and over valid repeats only (issue 21
// item 2): two open-model rates with --repeat 3 are two summaries with medians of their own, never
// one "6 repeats" summary whose median neither rate produced, and an invalid repeat moves no median.
import { describe, expect, it } from 'vitest';
import { cell } from '../testing/compare-cells.js';
import { summarizeRepeats } from './repeats.js';

const openCell = (ratePerS: number, repeat: number, rps: number, valid = true) =>
  cell({
    connections: 10_000,
    repeat,
    rps,
    open: { ratePerS, dropped: 0, lateSends: 0 },
    valid,
    validity: valid ? [] : [{ code: 'error-rate', severity: 'error', message: 'error rate 5.0% is above 1%' }],
  });

describe('summarizeRepeats', () => {
  it('keeps open-model rates apart: one summary per rate, each with its own median', () => {
    const cells = [1, 2, 3].flatMap((r) => [openCell(100, r, 99 + r), openCell(500, r, 495 + r)]);
    const s = summarizeRepeats(cells);
    expect(s).toHaveLength(2);
    const byRate = new Map(s.map((x) => [x.ratePerS, x]));
    expect(byRate.get(100)).toMatchObject({ repeats: 3, validRepeats: 3, rps: { median: 101, n: 3 } });
    expect(byRate.get(500)).toMatchObject({ repeats: 3, validRepeats: 3, rps: { median: 497, n: 3 } });
  });

  it('takes the medians over the valid repeats only, and says when none is valid', () => {
    const s = summarizeRepeats([cell({ repeat: 1, rps: 100 }), cell({ repeat: 2, rps: 10, valid: false }), cell({ repeat: 3, rps: 102 })]);
    expect(s[0]).toMatchObject({ repeats: 3, validRepeats: 2, rps: { median: 101, n: 2 }, ratePerS: null });
    const none = summarizeRepeats([cell({ repeat: 1, valid: false }), cell({ repeat: 2, valid: false })]);
    expect(none[0]).toMatchObject({ repeats: 2, validRepeats: 0, rps: null, p50Ms: null, p99Ms: null });
    expect(none[0]?.warnings[0]).toBe("node-async sleep w=1 c=10: none of its 2 repeats is valid, so it has no summary figures (see each repeat's validity)");
  });
});
