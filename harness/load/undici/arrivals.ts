// The open model's arrival schedule for one generator worker: arrival k is due at t0 + k × interval,
// whatever the server does. Kept apart from the sending so that what was due in a window is
// counted from the schedule itself (exactly, also when the worker fell behind and had not got to
// some of them when the window closed), not from what the sending loop happened to reach.

export class ArrivalSchedule {
  /** The next arrival not yet handed out. */
  private k = 0;
  readonly intervalMs: number;

  constructor(
    readonly t0: number,
    ratePerS: number,
  ) {
    this.intervalMs = 1000 / ratePerS;
  }

  at(k: number): number {
    return this.t0 + k * this.intervalMs;
  }

  /** Hands out every arrival due by `now`, in order. */
  takeDue(now: number, each: (intendedMs: number) => void): void {
    for (; this.at(this.k) <= now; this.k++) each(this.at(this.k));
  }

  /** Ms until the next arrival is due (≤ 0: already due). */
  untilNext(now: number): number {
    return this.at(this.k) - now;
  }

  /** The first k whose arrival is at or after `t`. */
  private firstAtOrAfter(t: number): number {
    let k = Math.max(0, Math.ceil((t - this.t0) / this.intervalMs));
    while (k > 0 && this.at(k - 1) >= t) k--;
    while (this.at(k) < t) k++;
    return k;
  }

  /** Arrivals due in [startMs, endMs): the offered load of a window. */
  countIn(startMs: number, endMs: number): number {
    return Math.max(0, this.firstAtOrAfter(endMs) - this.firstAtOrAfter(startMs));
  }

  /** Arrivals due before `endMs` that were never handed out (the worker fell behind), and the earliest one. */
  notTakenBefore(endMs: number): { count: number; earliestMs: number | null } {
    const n = Math.max(0, this.firstAtOrAfter(endMs) - this.k);
    return { count: n, earliestMs: n > 0 ? this.at(this.k) : null };
  }
}
