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

export { defineConfig, type UserConfig } from './config/user-config.js';
