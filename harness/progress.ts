// The only module that writes run progress to the terminal. A TTY gets one live line with a bar and
// the time left; CI and pipes get one plain line per event, so logs stay readable. The time left
// comes from the run's estimate (harness/estimate.ts: warm-ups, drains, launches, and the previous
// run where there is one), corrected by how the finished cells compared with their estimates.
import { loadLabel } from './plan.js';
import type { LoadModel } from './load/engine.js';
import { estimateKey, formatEstimate, runEndS, type RunEstimate } from './estimate.js';
import type { PlannedCell } from './plan.js';
import type { CellResult } from './types.js';
import { queueGrowth } from './theory/queue-growth.js';

export interface ProgressReporter {
  runStart(info: { cells: number; launches: number; cellSeconds: number; runDir: string; estimate?: RunEstimate }): void;
  launch(target: string, workers: number | null): void;
  cellStart(cell: PlannedCell): void;
  tick(t: { elapsedS: number; totalS: number; ok: number; failed: number }): void;
  cellEnd(cell: CellResult): void;
  warn(message: string): void;
  info(message: string): void;
  runEnd(): void;
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const m = Math.floor(s / 60);
  const sec = Math.round(s % 60);
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

function label(
  c: { target: string; scenario: string; workers: number | null; connections: number; repeat: number; load?: LoadModel; open?: { ratePerS: number } },
  repeats: boolean,
): string {
  return `${c.target} ${c.scenario} w=${c.workers ?? '?'} ${loadLabel(c)}${repeats ? ` #${c.repeat}` : ''}`;
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
  let total = 0;
  let done = 0;
  let cellSeconds = 0;
  let launchesLeft = 0;
  let current = '';
  let started = Date.now();
  let lastLine = '';
  let estimate: RunEstimate | null = null;
  const estimates = new Map<string, number>();
  let estimatedDone = 0;
  let cellStartedAt = Date.now();
  let currentEstimate = 0;
  let firstCellAt: number | null = null;

  /** Seconds left: the estimate of the cells not yet finished (less what the current one has run), scaled by how the finished ones went. */
  const left = (cellProgress: number) => {
    const elapsed = (Date.now() - started) / 1000;
    if (!estimate) {
      // No estimate (programmatic callers): the old rule, from the configured cell length.
      const finished = done + cellProgress;
      const perCell = finished >= 3 ? elapsed / finished : cellSeconds + 1;
      return (total - finished) * perCell + (finished >= 3 ? 0 : launchesLeft * 2);
    }
    if (firstCellAt === null) return Math.max(0, estimate.totalS - elapsed);
    const cellsS = estimate.cells.reduce((x, c) => x + c.seconds, 0);
    const remaining = Math.max(0, cellsS - estimatedDone - currentEstimate) + Math.max(0, currentEstimate - (Date.now() - cellStartedAt) / 1000);
    // How the finished cells went against their estimates corrects the rest (within 2× either way).
    const scale = done >= 3 && estimatedDone > 0 ? Math.min(2, Math.max(0.5, (cellStartedAt - firstCellAt) / 1000 / estimatedDone)) : 1;
    return remaining * scale + runEndS(total);
  };
  const eta = left;
  const clear = () => {
    if (tty && lastLine) stream.write('\r\x1b[2K');
    lastLine = '';
  };
  const draw = (cellProgress: number, extra: string) => {
    if (!tty) return;
    const width = 24;
    const frac = total ? Math.min(1, (done + cellProgress) / total) : 0;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const line = `${bar} ${done}/${total} cells  ${fmtTime(left(cellProgress))} left  ${current} ${extra}`;
    const cols = stream.columns ?? 120;
    clear();
    lastLine = line.slice(0, cols - 1);
    stream.write(lastLine);
  };
  const print = (line: string) => {
    clear();
    stream.write(`${line}\n`);
  };

  return {
    runStart(info) {
      total = info.cells;
      cellSeconds = info.cellSeconds;
      launchesLeft = info.launches;
      started = Date.now();
      cellStartedAt = started;
      estimate = info.estimate ?? null;
      for (const c of estimate?.cells ?? []) estimates.set(c.key, c.seconds);
      const learned = estimate?.learnedFrom ? ` (learned from ${estimate.learnedFrom.split('/').pop()})` : '';
      const about = estimate ? `${formatEstimate(estimate.totalS)}${learned}, warm-ups, drains and server starts included` : fmtTime(eta(0));
      // A capacity-only run (--slo) plans its probe cells as it goes: it has no fixed count.
      const what =
        info.cells > 0 ? `${info.cells} cells, ${info.launches} server launches, about ${about}` : 'a capacity search (its probe cells are chosen as it runs)';
      print(`asyncbench: ${what} → ${info.runDir}`);
    },
    launch(target, workers) {
      launchesLeft = Math.max(0, launchesLeft - 1);
      current = `starting ${target} (${workers ?? '?'} workers)`;
      if (tty) draw(0, '');
      else print(`starting ${target} with ${workers ?? 'unknown'} workers`);
    },
    cellStart(cell) {
      current = label(cell, repeats);
      cellStartedAt = Date.now();
      firstCellAt ??= cellStartedAt;
      currentEstimate = estimates.get(estimateKey(cell)) ?? 0;
      if (tty) draw(0, '');
    },
    tick(t) {
      draw(Math.min(1, t.elapsedS / t.totalS), `${t.ok} ok${t.failed ? `, ${t.failed} failed` : ''}`);
    },
    cellEnd(cell) {
      done++;
      estimatedDone += estimates.get(estimateKey(cell)) ?? 0;
      currentEstimate = 0;
      cellStartedAt = Date.now();
      const rest = estimate && done < total ? ` (about ${fmtTime(left(0))} left)` : '';
      print(`[${done}/${total}] ${label(cell, repeats)}: ${cellLine(cell)}${rest}`);
    },
    warn(message) {
      print(`warning: ${message}`);
    },
    info(message) {
      print(message);
    },
    runEnd() {
      clear();
    },
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
