// The peak of a level (connections open) summed over several generator workers. Each worker's own
// peak, added up, overstates the sum whenever the workers peaked at different moments (issue 21,
// item 4), so each worker keeps its level's maximum per time bucket of the window, the buckets add
// up across workers, and the peak of the sum is the largest bucket: exact to one bucket (5 ms).
// Constant memory per window, like held.ts.

export interface LevelPeaksWire {
  from: number;
  bucketMs: number;
  /** The level's maximum in each bucket of the window. */
  peaks: number[];
}

export class LevelPeaks {
  private readonly peaks: Int32Array;
  /** Buckets before this one are filled: the level carried through them is known. */
  private filled = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
    /** The level when the window opened (set before it opens keeps it). */
    private level = 0,
    private readonly bucketMs = 5,
  ) {
    this.peaks = new Int32Array(Math.max(1, Math.ceil((to - from) / bucketMs)));
  }

  /** The level changed to `level` at `atMs`. */
  set(atMs: number, level: number): void {
    if (atMs >= this.to) return;
    if (atMs >= this.from) {
      const i = Math.min(this.peaks.length - 1, Math.floor((atMs - this.from) / this.bucketMs));
      this.fillTo(i);
      this.peaks[i] = Math.max(this.peaks[i] as number, level);
    }
    this.level = level;
  }

  /** Buckets up to and including i have seen at least the level carried into them. */
  private fillTo(i: number): void {
    for (; this.filled <= i; this.filled++) this.peaks[this.filled] = Math.max(this.peaks[this.filled] as number, this.level);
  }

  /** The buckets up to `endMs` (the window's end, or earlier when aborted). */
  toWire(endMs = this.to): LevelPeaksWire {
    const last = Math.min(this.peaks.length, Math.ceil((Math.min(endMs, this.to) - this.from) / this.bucketMs));
    this.fillTo(last - 1);
    return { from: this.from, bucketMs: this.bucketMs, peaks: Array.from(this.peaks.subarray(0, Math.max(0, last))) };
  }
}

/** The peak of the workers' summed levels; null when there is nothing to add (no wire, or windows that differ). */
export function peakOfSum(wires: readonly LevelPeaksWire[]): number | null {
  if (wires.length === 0) return null;
  const first = wires[0] as LevelPeaksWire;
  if (wires.some((w) => w.from !== first.from || w.bucketMs !== first.bucketMs)) return null;
  const sum: number[] = [];
  for (const w of wires) w.peaks.forEach((p, i) => (sum[i] = (sum[i] ?? 0) + p));
  return sum.reduce((a, x) => Math.max(a, x ?? 0), 0);
}
