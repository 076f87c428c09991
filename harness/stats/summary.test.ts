import { describe, expect, it } from 'vitest';
import { repeatWarnings } from './repeats.js';
import { highVarianceWarning, repeatWarningsFor, slowFirstWarning, spread } from './summary.js';

const rps = { label: 'node-async sleep w=2 c=50', unit: 'req/s', higherIsBetter: true };
const ms = { label: 'render', unit: 'ms', higherIsBetter: false };

describe('spread', () => {
  it('gives mean, sample stdev and coefficient of variation', () => {
    const s = spread([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.stdev).toBeCloseTo(2.138, 3);
    expect(s.cv).toBeCloseTo(0.4276, 3);
    expect(spread([7])).toMatchObject({ n: 1, stdev: 0, cv: 0 });
  });
});

describe('hyperfine-style warnings', () => {
  it('stay silent on steady repeats', () => {
    expect(repeatWarningsFor([100, 101, 99, 100, 100], rps)).toEqual([]);
    expect(repeatWarningsFor([10, 10.2, 9.9], ms)).toEqual([]);
    expect(repeatWarningsFor([100], rps)).toEqual([]);
  });

  it('warn about high variance with the range and the coefficient', () => {
    expect(highVarianceWarning([100, 60, 140, 90, 110], rps)).toBe(
      'node-async sleep w=2 c=50: repeats vary a lot (req/s from 60.0 to 140, coefficient of variation 29%, above 10%): the machine may have been busy with something else; close other programs, or use more repeats and a longer --duration',
    );
    expect(highVarianceWarning([100, 115], { ...rps, maxCv: 0.2 })).toBeNull();
  });

  it('warn about a slow first repeat in the right direction for the unit', () => {
    // Throughput: slower means lower.
    expect(slowFirstWarning([70, 100, 101, 99], rps)).toMatch(
      /the first repeat was significantly slower than the others \(70\.0 vs a median of 100 req\/s\): caches, JIT/,
    );
    expect(slowFirstWarning([130, 100, 101, 99], rps)).toBeNull();
    // Durations: slower means higher.
    expect(slowFirstWarning([15, 10, 10.1, 9.9], ms)).toMatch(/\(15\.0 vs a median of 10\.0 ms\)/);
    expect(slowFirstWarning([7, 10, 10.1, 9.9], ms)).toBeNull();
    expect(slowFirstWarning([15, 10], ms)).toBeNull();
  });

  it('repeats.ts words its req/s warnings the same way', () => {
    expect(repeatWarnings([70, 100, 101, 99], 'x').join('\n')).toMatch(/^x: repeats vary a lot[\s\S]*x: the first repeat was significantly slower/);
  });
});
