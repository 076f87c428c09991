// Shared helpers for integration tests: real processes, real load, a temp run directory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { builtinScenarios } from '../../scenarios/index.js';
import type { Catalog } from '../types.js';
import { silentProgress } from '../run/progress.js';
import { runBench, type RunDeps, type RunOutcome } from '../run/run.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { DEFAULT_MAX_INFLIGHT } from '../config/defaults.js';
import type { LaunchedTargetDef, ResolvedOptions, TargetDef } from '../types.js';

// Tests name the package root PROJECT_ROOT: the checkout they run in.
export { PACKAGE_ROOT as PROJECT_ROOT };
export const TSX = path.join(PACKAGE_ROOT, 'node_modules/.bin/tsx');
export const FAULTY_SERVER = path.join(PACKAGE_ROOT, 'harness/testing/faulty-server.ts');

/** A target that runs the faulty fixture server with one injected fault. */
export function faultyTarget(name: string, fault: string, over: Partial<LaunchedTargetDef> = {}): LaunchedTargetDef {
  return {
    kind: 'launch',
    name,
    description: `fixture server with fault ${fault}`,
    command: [process.execPath, '--import', 'tsx', FAULTY_SERVER, '--port', '{port}', '--workers', '{workers}', '--fault', fault],
    cwd: PACKAGE_ROOT,
    readiness: { path: '/health', timeoutMs: 15_000 },
    stop: { signal: 'SIGTERM', graceMs: 1500 },
    model: 'async',
    scenarios: ['sleep'],
    ...over,
  };
}

export function testOptions(over: Partial<ResolvedOptions> = {}): ResolvedOptions {
  return {
    targets: [],
    scenarios: ['sleep'],
    workers: [1],
    connections: [10],
    durationS: 1,
    warmupS: 0.3,
    repeat: 1,
    threads: 4,
    timeoutS: 10,
    readinessTimeoutS: 15,
    sampleIntervalMs: 250,
    outDir: over.outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-test-')),
    params: {},
    config: null,
    quick: false,
    seed: 1,
    allowRemote: false,
    db: 'sqlite',
    engine: 'undici',
    engineOptions: {},
    loadgenWorkers: 1,
    loadgenCpus: null,
    serverCpus: null,
    serverNice: 0,
    rates: [],
    maxInflight: DEFAULT_MAX_INFLIGHT,
    slo: null,
    sloVerify: false,
    runLevel: { setup: [], teardown: [], cwd: null, also: [] },
    ...over,
  };
}

export async function runWith(targets: TargetDef[], over: Partial<ResolvedOptions> = {}, deps: Partial<RunDeps> = {}): Promise<RunOutcome> {
  const catalog: Catalog = { targets, scenarios: builtinScenarios };
  const opts = testOptions({ targets: targets.map((t) => t.name), ...over });
  return runBench(opts, {
    projectRoot: PACKAGE_ROOT,
    catalog,
    progress: silentProgress,
    signal: new AbortController().signal,
    commandLine: ['test'],
    runId: 'test',
    ...deps,
  });
}

/** Command lines of live processes containing `needle`, from the process table (not our own bookkeeping). */
export function processesMatching(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo') && !/^\s*\d+\s+Z/.test(l))
    .map((l) => l.trim());
}

/** Polls until no live process matches, or returns what is left after `ms`. */
export async function waitNoProcesses(needle: string, ms = 5000): Promise<string[]> {
  const deadline = Date.now() + ms;
  let left = processesMatching(needle);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = processesMatching(needle);
  }
  return left;
}
