// What a run is given (catalog, progress, abort signal, …) and what it returns, apart from the
// pipeline itself, so that the pieces it calls (run-group.ts) can name them without importing it back.
import type { Catalog } from '../types.js';
import type { RunStore } from '../results/store.js';
import type { CellHooks } from './run-hooks.js';
import type { ProgressReporter } from './progress.js';

export interface RunDeps {
  projectRoot: string;
  catalog: Catalog;
  progress: ProgressReporter;
  signal: AbortSignal;
  commandLine: string[];
  runId: string;
  /** Extra environment for launched targets (e.g. DATABASE_URL for the PostgreSQL variants). */
  targetEnv?: Record<string, string>;
  /** Samplers and validity rules; replaceable in tests. */
  hooks?: CellHooks;
  /** An earlier run to finish (--resume): its finished cells are kept and skipped. */
  resume?: RunStore;
}

export interface RunOutcome {
  store: RunStore;
  interrupted: boolean;
  erroredCells: number;
}
