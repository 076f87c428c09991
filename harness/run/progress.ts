// The only module that writes run progress to the terminal. A TTY gets one live line with a bar and
// the time left; CI and pipes get one plain line per event, so logs stay readable. The time left
// comes from the run's estimate (harness/run/estimate.ts: warm-ups, drains, launches, and the previous
// run where there is one), corrected by how the finished cells compared with their estimates.
import { cellLabel } from '../cell-key.js';
import { ProgressClock } from './progress-clock.js';
import { queueGrowth } from '../theory/queue-growth.js';
import type { LoadModel } from '../load/engine.js';
import { formatEstimate, type RunEstimate } from './estimate.js';
import type { PlannedCell } from '../plan/plan.js';
import type { CellResult, MessageSink } from '../types.js';

export interface ProgressReporter extends MessageSink {
  runStart(info: { cells: number; launches: number; cellSeconds: number; runDir: string; estimate?: RunEstimate }): void;
  launch(target: string, workers: number | null): void;
  cellStart(cell: PlannedCell): void;
  tick(t: { elapsedS: number; totalS: number; ok: number; failed: number }): void;
  cellEnd(cell: CellResult): void;
  runEnd(): void;
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const m = Math.floor(s / 60);
  const sec = Math.round(s % 60);
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** An overloaded open-model cell says so in words: its percentiles are the run's length, not the server's. */
function overloadNote(c: CellResult): string {
  if (!c.validity.some((v) => v.code === 'open-overloaded')) return '';
  const g = queueGrowth({ open: c.open, counts: c.requests, rps: c.rps, meanMs: c.latencyMs?.mean ?? null });
  return ` (overloaded: the queue grew${g && g.grew > 0 ? ` by ${g.grew} requests` : ''} during the window, so p50 and p99 depend on how long it ran)`;
}

export function cellLine(c: CellResult): string {
  const l = c.latencyMs;
  const errors = c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed;
  const eff = c.efficiency !== null ? ` eff ${(c.efficiency * 100).toFixed(0)}%` : '';
  const flags = c.validity.length ? ` ⚠ ${c.validity.map((v) => v.code).join(', ')}${overloadNote(c)}` : '';
  if (c.status !== 'completed') return `${c.status.toUpperCase()}: ${c.error?.message ?? ''}`;
  return `${c.rps.toFixed(1)} req/s, p50 ${l ? l.p50.toFixed(1) : '-'} ms, p99 ${l ? l.p99.toFixed(1) : '-'} ms, errors ${errors}${eff}${flags}`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, opts: { tty?: boolean; repeats?: boolean } = {}): ProgressReporter {
  const tty = opts.tty ?? (stream.isTTY === true && !process.env.CI);
  const repeats = opts.repeats ?? false;
  const clock = new ProgressClock();
  let current = '';
  let lastLine = '';
  const clear = () => {
    if (tty && lastLine) stream.write('\r\x1b[2K');
    lastLine = '';
  };
  const draw = (cellProgress: number, extra: string) => {
    if (!tty) return;
    const width = 24;
    const frac = clock.total ? Math.min(1, (clock.done + cellProgress) / clock.total) : 0;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const line = `${bar} ${clock.done}/${clock.total} cells  ${fmtTime(clock.left(cellProgress))} left  ${current} ${extra}`;
    clear();
    lastLine = line.slice(0, (stream.columns ?? 120) - 1);
    stream.write(lastLine);
  };
  const print = (line: string) => {
    clear();
    stream.write(`${line}\n`);
  };
  return {
    runStart(info) {
      clock.runStart(info);
      const e = info.estimate;
      const learned = e?.learnedFrom ? ` (learned from ${e.learnedFrom.split('/').pop()})` : '';
      const about = e ? `${formatEstimate(e.totalS)}${learned}, warm-ups, drains and server starts included` : fmtTime(clock.left(0));
      // A capacity-only run (--slo) plans its probe cells as it goes: it has no fixed count.
      const what =
        info.cells > 0 ? `${info.cells} cells, ${info.launches} server launches, about ${about}` : 'a capacity search (its probe cells are chosen as it runs)';
      print(`asyncbench: ${what} → ${info.runDir}`);
    },
    launch(target, workers) {
      clock.launched();
      current = `starting ${target} (${workers ?? '?'} workers)`;
      if (tty) draw(0, '');
      else print(`starting ${target} with ${workers ?? 'unknown'} workers`);
    },
    cellStart(cell) {
      current = cellLabel(cell, { repeat: repeats });
      clock.cellStart(cell);
      if (tty) draw(0, '');
    },
    tick(t) {
      draw(Math.min(1, t.elapsedS / t.totalS), `${t.ok} ok${t.failed ? `, ${t.failed} failed` : ''}`);
    },
    cellEnd(cell) {
      clock.cellEnd(cell);
      const rest = clock.hasEstimate && clock.done < clock.total ? ` (about ${fmtTime(clock.left(0))} left)` : '';
      print(`[${clock.done}/${clock.total}] ${cellLabel(cell, { repeat: repeats })}: ${cellLine(cell)}${rest}`);
    },
    warn: (message) => print(`warning: ${message}`),
    info: (message) => print(message),
    runEnd: () => clear(),
  };
}

/** A reporter that prints nothing: for the programmatic API and tests. */
export const silentProgress: ProgressReporter = {
  runStart() {},
  launch() {},
  cellStart() {},
  tick() {},
  cellEnd() {},
  warn() {},
  info() {},
  runEnd() {},
};
