// The progress line's clock: how long the run has left. Before it starts the run has an estimate
// per cell (estimate.ts: warm-ups, drains, launches, the previous run where there is one); as cells
// finish, how they went against their estimates corrects the rest (within 2× either way). Pure
// but for the wall clock, so the terminal writer (progress.ts) only prints what this says.
import { cellKeyOf, type Keyed } from '../cell-key.js';
import { runEndS, type RunEstimate } from './estimate.js';

export class ProgressClock {
  total = 0;
  done = 0;
  private cellSeconds = 0;
  private launchesLeft = 0;
  private started = Date.now();
  private estimate: RunEstimate | null = null;
  private readonly estimates = new Map<string, number>();
  private estimatedDone = 0;
  private cellStartedAt = Date.now();
  private currentEstimate = 0;
  private firstCellAt: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  runStart(info: { cells: number; launches: number; cellSeconds: number; estimate?: RunEstimate }): void {
    this.total = info.cells;
    this.cellSeconds = info.cellSeconds;
    this.launchesLeft = info.launches;
    this.started = this.now();
    this.cellStartedAt = this.started;
    this.estimate = info.estimate ?? null;
    for (const c of this.estimate?.cells ?? []) this.estimates.set(c.key, c.seconds);
  }

  get hasEstimate(): boolean {
    return this.estimate !== null;
  }

  launched(): void {
    this.launchesLeft = Math.max(0, this.launchesLeft - 1);
  }

  cellStart(cell: Keyed & { repeat: number }): void {
    this.cellStartedAt = this.now();
    this.firstCellAt ??= this.cellStartedAt;
    this.currentEstimate = this.estimates.get(cellKeyOf(cell)) ?? 0;
  }

  cellEnd(cell: Keyed & { repeat: number }): void {
    this.done++;
    this.estimatedDone += this.estimates.get(cellKeyOf(cell)) ?? 0;
    this.currentEstimate = 0;
    this.cellStartedAt = this.now();
  }

  /** Seconds left: the estimate of the cells not yet finished (less what the current one has run), scaled by how the finished ones went. */
  left(cellProgress: number): number {
    const elapsed = (this.now() - this.started) / 1000;
    const e = this.estimate;
    if (!e) {
      // No estimate (programmatic callers): the old rule, from the configured cell length.
      const finished = this.done + cellProgress;
      const perCell = finished >= 3 ? elapsed / finished : this.cellSeconds + 1;
      return (this.total - finished) * perCell + (finished >= 3 ? 0 : this.launchesLeft * 2);
    }
    if (this.firstCellAt === null) return Math.max(0, e.totalS - elapsed);
    const cellsS = e.cells.reduce((x, c) => x + c.seconds, 0);
    const inCell = (this.now() - this.cellStartedAt) / 1000;
    const remaining = Math.max(0, cellsS - this.estimatedDone - this.currentEstimate) + Math.max(0, this.currentEstimate - inCell);
    const ranS = (this.cellStartedAt - this.firstCellAt) / 1000;
    const scale = this.done >= 3 && this.estimatedDone > 0 ? Math.min(2, Math.max(0.5, ranS / this.estimatedDone)) : 1;
    return remaining * scale + runEndS(this.total);
  }
}
