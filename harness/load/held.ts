/**
 * How many requests the server held at once, reconstructed from each response's arrival time and
 * its serverMs, in constant memory: a difference array over fixed time buckets (the peak is exact
 * to one bucket; the mean is exact). Long soak cells record hundreds of thousands of responses, so
 * intervals are never stored.
 */
export class HeldTracker {
  private readonly diff: Int32Array;
  private area = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly bucketMs = 5,
  ) {
    this.diff = new Int32Array(Math.max(1, Math.ceil((to - from) / bucketMs) + 2));
  }

  add(start: number, end: number): void {
    const a = Math.max(start, this.from);
    const b = Math.min(end, this.to);
    if (b <= a) return;
    this.area += b - a;
    this.diff[Math.floor((a - this.from) / this.bucketMs)]! += 1;
    this.diff[Math.floor((b - this.from) / this.bucketMs)]! -= 1;
  }

  toWire(): HeldWire {
    return { from: this.from, to: this.to, bucketMs: this.bucketMs, diff: Array.from(this.diff), area: this.area };
  }

  /** Adds another tracker's intervals (same span and buckets: one per generator worker). */
  mergeWire(w: HeldWire): void {
    if (w.from !== this.from || w.to !== this.to || w.bucketMs !== this.bucketMs) throw new Error('held trackers cover different windows');
    for (let i = 0; i < this.diff.length && i < w.diff.length; i++) this.diff[i]! += w.diff[i]!;
    this.area += w.area;
  }

  static fromWire(w: HeldWire): HeldTracker {
    const h = new HeldTracker(w.from, w.to, w.bucketMs);
    h.mergeWire(w);
    return h;
  }

  /** Peak and time-weighted mean over [from, end]; `end` may be earlier than planned (an aborted cell). */
  result(end = this.to): { peak: number; mean: number } {
    const span = Math.min(end, this.to) - this.from;
    if (span <= 0) return { peak: 0, mean: 0 };
    let cur = 0;
    let peak = 0;
    for (let i = 0; i < this.diff.length; i++) {
      cur += this.diff[i]!;
      peak = Math.max(peak, cur);
    }
    return { peak, mean: this.area / span };
  }
}

/** HeldTracker's state on the wire, so that generator workers' figures merge exactly. */
export interface HeldWire {
  from: number;
  to: number;
  bucketMs: number;
  diff: number[];
  area: number;
}
