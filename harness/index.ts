// The programmatic API. The CLI (cli/main.ts) is one caller of it.
export type * from './types.js';
export { runBench, type RunDeps, type RunOutcome } from './run/run.js';
export { resolveOptions } from './config/resolve.js';
export { loadCatalog } from './catalog/load-catalog.js';
export { loadConfigFile } from './config/config-file.js';
export { defineScenario } from '../scenarios/define.js';
export { builtinScenarios } from '../scenarios/index.js';
export { BenchError, ExitCode } from './errors.js';
export { createProgress, silentProgress, type ProgressReporter } from './run/progress.js';

/** A typed config for `bench.config.ts`: the same keys as bench.config.json. */
export interface UserConfig {
  targets?: Array<string | Record<string, unknown>>;
  scenarios?: Array<string | Record<string, unknown>>;
  workers?: number[];
  connections?: number[];
  threads?: number;
  params?: Record<string, Record<string, number | string | boolean>>;
  db?: 'sqlite' | 'postgres' | 'postgres-pool';
  duration?: string;
  warmup?: string;
  repeat?: number;
  timeout?: string;
  readinessTimeout?: string;
  sampleInterval?: string;
  seed?: number;
  quick?: boolean;
  out?: string;
  allowRemote?: boolean;
}

export function defineConfig(config: UserConfig): UserConfig {
  return config;
}
