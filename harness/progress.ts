// The only module that writes run progress to the terminal. A TTY gets one live line with a bar and
// an ETA; CI and pipes get one plain line per event, so logs stay readable.
import type { PlannedCell } from './plan.js';
import type { CellResult } from './types.js';

export interface ProgressReporter {
  runStart(info: { cells: number; launches: number; cellSeconds: number; runDir: string }): void;
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

function label(c: { target: string; scenario: string; workers: number | null; connections: number; repeat: number }, repeats: boolean): string {
  return `${c.target} ${c.scenario} w=${c.workers ?? '?'} c=${c.connections}${repeats ? ` #${c.repeat}` : ''}`;
}

export function cellLine(c: CellResult): string {
  const l = c.latencyMs;
  const errors = c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed;
  const eff = c.efficiency !== null ? ` eff ${(c.efficiency * 100).toFixed(0)}%` : '';
  const flags = c.validity.length ? ` ⚠ ${c.validity.map((v) => v.code).join(', ')}` : '';
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
  const started = Date.now();
  let lastLine = '';

  const eta = (cellProgress: number) => {
    const elapsed = (Date.now() - started) / 1000;
    const finished = done + cellProgress;
    // Until a few cells have finished, estimate from the configured cell length plus launches.
    const perCell = finished >= 3 ? elapsed / finished : cellSeconds + 1;
    return (total - finished) * perCell + (finished >= 3 ? 0 : launchesLeft * 2);
  };
  const clear = () => {
    if (tty && lastLine) stream.write('\r\x1b[2K');
    lastLine = '';
  };
  const draw = (cellProgress: number, extra: string) => {
    if (!tty) return;
    const width = 24;
    const frac = total ? Math.min(1, (done + cellProgress) / total) : 0;
    const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
    const line = `${bar} ${done}/${total} cells  ETA ${fmtTime(eta(cellProgress))}  ${current} ${extra}`;
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
      print(`asyncbench: ${info.cells} cells, ${info.launches} server launches, about ${fmtTime(eta(0))} → ${info.runDir}`);
    },
    launch(target, workers) {
      launchesLeft = Math.max(0, launchesLeft - 1);
      current = `starting ${target} (${workers ?? '?'} workers)`;
      if (tty) draw(0, '');
      else print(`starting ${target} with ${workers ?? 'unknown'} workers`);
    },
    cellStart(cell) {
      current = label(cell, repeats);
      if (tty) draw(0, '');
    },
    tick(t) {
      draw(Math.min(1, t.elapsedS / t.totalS), `${t.ok} ok${t.failed ? `, ${t.failed} failed` : ''}`);
    },
    cellEnd(cell) {
      done++;
      print(`[${done}/${total}] ${label(cell, repeats)}: ${cellLine(cell)}`);
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
