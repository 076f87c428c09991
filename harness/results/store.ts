// One run directory on disk: each finished cell appended to cells.jsonl and results.json rewritten
// whole, atomically, so an interrupted or failed run keeps every finished cell and still renders.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode, isBenchError } from '../errors.js';
import { readResults, RESULTS_FILE } from './read.js';
import type { CellResult, Results, RunInfo } from '../types.js';
import { appendLineDurable, writeFileAtomic } from './atomic-write.js';
import { isOutputError } from './output-errors.js';
import { makeOutputDir } from './out-dir.js';
import { PID_FILE } from '../host/children.js';
import { userCommand } from '../package-root.js';

export { RESULTS_FILE } from './read.js';
export const CELLS_FILE = 'cells.jsonl';

/**
 * One run directory. Each finished cell is appended to cells.jsonl (fsynced) and results.json is
 * rewritten atomically, so an interrupted or crashed run keeps everything it finished.
 */
export class RunStore {
  readonly dir: string;
  readonly results: Results;

  private constructor(dir: string, results: Results) {
    this.dir = dir;
    this.results = results;
    // A run that ends any other way (a second Ctrl-C exits at once) still says it was interrupted.
    process.once('exit', () => {
      if (this.results.run.status !== 'running') return;
      try {
        this.finish('interrupted');
      } catch {
        // exiting anyway; cells.jsonl already holds every finished cell
      }
    });
  }

  /** Creates the run directory, failing before any load starts when it cannot be written. */
  static create(dir: string, results: Results): RunStore {
    assertWritable(dir);
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    const store = new RunStore(dir, results);
    fs.writeFileSync(path.join(dir, CELLS_FILE), '');
    store.save();
    return store;
  }

  /** Opens an earlier run (for --resume): cells.jsonl is the source of truth for finished cells. */
  static open(dir: string): RunStore {
    const file = path.join(dir, RESULTS_FILE);
    if (!fs.existsSync(file)) {
      throw new BenchError('no-results', `${dir} has no ${RESULTS_FILE}`, {
        hint: `pass a run directory written by \`${userCommand('bench')}\``,
        exitCode: ExitCode.usage,
      });
    }
    const results = readResults(dir, `pass a run directory written by \`${userCommand('bench')}\` to --resume`);
    const cells = readCellsJsonl(path.join(dir, CELLS_FILE));
    if (cells.length >= results.cells.length) results.cells = cells;
    return new RunStore(dir, results);
  }

  get pidFile(): string {
    return path.join(this.dir, PID_FILE);
  }

  addCell(cell: CellResult): void {
    this.results.cells.push(cell);
    this.keepingCells(() => appendLineDurable(path.join(this.dir, CELLS_FILE), JSON.stringify(cell)));
    this.save();
  }

  finish(status: RunInfo['status']): void {
    this.results.run.status = status;
    this.results.run.endedAt = new Date().toISOString();
    this.save();
  }

  save(): void {
    this.keepingCells(() => writeFileAtomic(path.join(this.dir, RESULTS_FILE), `${JSON.stringify(this.results, null, 2)}\n`));
  }

  /** A full or read-only run directory mid-run: the error says what is kept and how to finish the run. */
  private keepingCells(write: () => void): void {
    try {
      write();
    } catch (e) {
      if (!isBenchError(e) || !isOutputError(e)) throw e;
      const resume = userCommand('bench', `--resume ${this.dir}`);
      throw new BenchError(e.code, e.message, {
        hint: `${e.code === 'disk-full' ? 'free space on that disk' : 'make the folder writable again'}, then finish the run with \`${resume}\`: the cells finished before are kept in ${path.join(this.dir, CELLS_FILE)}`,
        exitCode: ExitCode.environment,
      });
    }
  }

  /** Points reports/latest at this run (a relative symlink), when the run lives under reports/. */
  linkLatest(): void {
    const parent = path.dirname(path.resolve(this.dir));
    const link = path.join(parent, 'latest');
    try {
      fs.rmSync(link, { force: true });
      fs.symlinkSync(path.basename(this.dir), link);
    } catch {
      // A missing `latest` link is cosmetic; never fail a run over it.
    }
  }
}

/** Cells from a JSONL file; a torn last line (crash mid-write) is ignored, not fatal. */
export function readCellsJsonl(file: string): CellResult[] {
  if (!fs.existsSync(file)) return [];
  const out: CellResult[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as CellResult);
    } catch {
      // torn write
    }
  }
  return out;
}

export function assertWritable(dir: string): void {
  makeOutputDir(dir);
  try {
    const probe = path.join(dir, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe);
  } catch (e) {
    throw new BenchError('output-not-writable', `cannot write the run directory ${dir}: ${(e as Error).message}`, {
      hint: 'choose another directory with --out, or fix its permissions and free disk space',
      exitCode: ExitCode.environment,
    });
  }
}
