// The peak of the connections open over several generator workers is the peak of their sum, not
// the sum of their peaks (issue 21, item 4). Pure: hand-made levels and worker reports.
import { describe, expect, it } from 'vitest';
import sleep from '../../scenarios/sleep.js';
import { LevelPeaks, peakOfSum } from './level-peaks.js';
import { mergeOutcome, type WorkerReport } from './outcome.js';
import { Tally } from './tally.js';

const facts = { cpuPct: 1, eventLoopDelayP99Ms: 0, host: 'h', requests: 0, cpusAllowed: null, pid: 1 };

describe('peak of summed levels', () => {
  it('keeps each bucket’s maximum and carries the level through buckets without a change', () => {
    const l = new LevelPeaks(1000, 1050, 2, 10);
    l.set(1012, 5);
    l.set(1013, 3);
    l.set(1041, 0);
    expect(l.toWire().peaks).toEqual([2, 5, 3, 3, 3]);
  });

  it('two workers that peak at different moments: 10 at most, not 20', () => {
    const a = new LevelPeaks(0, 100, 0);
    const b = new LevelPeaks(0, 100, 0);
    a.set(0, 10);
    a.set(50, 0);
    b.set(60, 10); // a bucket (5 ms) after a closed: within one bucket the two would add up
    expect(peakOfSum([a.toWire(), b.toWire()])).toBe(10);
    const reports: WorkerReport[] = [a, b].map((l) => ({
      tally: new Tally(0, 100).toWire(),
      facts,
      connectionsOpenPeak: 10,
      connectionsOpen: l.toWire(),
      unfinished: 0,
      unfinishedOldestMs: null,
    }));
    const spec = { baseUrl: 'http://127.0.0.1:1', scenario: sleep, params: { ms: 1 }, connections: 10, warmupS: 0, durationS: 0.1, timeoutS: 1 };
    const w = { engine: 'undici', t0: 0, windowStart: 0, windowEnd: 100, plannedEnd: 100, aborted: false, warmupCapped: false, cpus: null };
    expect(mergeOutcome(spec, reports, w).connectionsOpenPeak).toBe(10);
    // An engine that reports only its peaks (Locust) still gets their sum.
    expect(
      mergeOutcome(
        spec,
        reports.map(({ connectionsOpen: _, ...r }) => r),
        w,
      ).connectionsOpenPeak,
    ).toBe(20);
  });
});
