// What a generator worker saw before it heard of the window. The coordinator decides the window
// and tells each worker process over IPC; a message that lands after the window has opened must
// not lose the answers, drops and late sends in between (issue 21, item 4: each worker's tally
// must exist before the window opens). So the last seconds of events are kept, and replayed
// against the window once it is known. Two rotating buckets bound the memory: at least `keepMs`
// of the most recent events are kept, never the whole warm-up.

export class PreWindow<T> {
  private older: T[] = [];
  private newer: T[] = [];
  private since = -Infinity;

  constructor(private readonly keepMs = 2000) {}

  push(item: T, atMs: number): void {
    if (atMs - this.since >= this.keepMs) {
      this.older = this.newer;
      this.newer = [];
      this.since = atMs;
    }
    this.newer.push(item);
  }

  /** Every kept event, oldest first; the buffer is empty afterwards. */
  drain(): T[] {
    const all = this.older.concat(this.newer);
    this.older = [];
    this.newer = [];
    return all;
  }
}
