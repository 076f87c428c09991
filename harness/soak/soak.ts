// `npm run soak`: one long cell per target (default: 10 minutes of longpoll at 500 connections
// against node-async and django-asgi-uvicorn), sampling the server's RSS and the harness's own
// memory, then reporting the trend in MiB per minute. Not a CI test: it takes as long as it says.
// Like every subcommand it exports main(argv), and errors reach the entry's one exit point.
//
//   npm run soak -- [--targets a,b] [--minutes 10] [--connections 500] [--workers 2] [--scenario longpoll]
import { BenchError, ExitCode } from '../errors.js';
import { parseSubArgs, subUsage, type SubcommandSpec } from '../config/sub-args.js';
import { unknownNameMessage } from '../config/suggest.js';
import fs from 'node:fs';
import path from 'node:path';
import { builtinScenarios, resolveParams } from '../../scenarios/index.js';
import { installExitHook, stopAll } from '../host/children.js';
import { groupPidsOf, readProc } from '../host/proc-tree.js';
import { launchTarget } from '../launcher/launcher.js';
import { freePort } from '../host/ports.js';
import { runSetupCommands } from '../launcher/setup-commands.js';
import { ensureLimits } from '../host/limits.js';
import { runLoad } from '../load/driver.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { builtinTargets } from '../catalog/catalog.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { outputDir, stampNow } from '../output-dirs.js';
import type { LaunchedTargetDef, ScenarioDef } from '../types.js';
import { SOAK_DEFAULTS } from '../config/defaults.js';
import { makeOutputDir } from '../results/out-dir.js';

function groupRssMiB(pgid: number): number {
  return groupPidsOf(pgid).reduce((sum, pid) => sum + (readProc(pid)?.rssBytes ?? 0), 0) / 2 ** 20;
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export const SOAK_ARGS: SubcommandSpec = {
  command: 'asyncbench soak',
  positionals: { names: '', min: 0, max: 0 },
  options: {
    targets: { type: 'string', arg: 'LIST', description: 'targets, one long cell each', default: SOAK_DEFAULTS.targets.join(',') },
    minutes: { type: 'string', arg: 'N', description: 'length of each cell', default: String(SOAK_DEFAULTS.minutes) },
    connections: { type: 'string', arg: 'N', description: 'closed-model connections', default: String(SOAK_DEFAULTS.connections) },
    workers: { type: 'string', arg: 'N', description: 'worker processes', default: String(SOAK_DEFAULTS.workers) },
    scenario: { type: 'string', arg: 'ID', description: 'the scenario to hold', default: SOAK_DEFAULTS.scenario },
    out: { type: 'string', arg: 'DIR', description: 'where soak.json and logs/ go (default: reports/soak-<time>/)' },
  },
  notes: [`Samples server RSS and the harness memory every ${SOAK_DEFAULTS.sampleEveryS} s and prints the trend in MiB/minute.`],
};

interface SoakOptions {
  names: string[];
  minutes: number;
  connections: number;
  workers: number;
  scenario: ScenarioDef;
  out: string | undefined;
}

/** The arguments, every problem at once (exit 2); null for --help. */
function readOptions(argv: string[]): SoakOptions | null {
  const args = parseSubArgs(argv, SOAK_ARGS);
  if (args.help) return null;
  const arg = (name: string) => args.values[name] as string;
  const o = { minutes: Number(arg('minutes')), connections: Number(arg('connections')), workers: Number(arg('workers')) };
  const scenario = builtinScenarios.find((s) => s.id === arg('scenario'));
  const known = builtinScenarios.map((s) => s.id);
  const problems = [
    scenario ? '' : `--scenario: ${unknownNameMessage('scenario', arg('scenario'), known)}`,
    o.minutes * 60 > SOAK_DEFAULTS.warmupS
      ? ''
      : `--minutes must be more than ${SOAK_DEFAULTS.warmupS / 60} (the ${SOAK_DEFAULTS.warmupS} s warm-up comes first), got ${arg('minutes')}`,
    Number.isInteger(o.connections) && o.connections > 0 ? '' : `--connections must be a positive whole number, got ${arg('connections')}`,
    Number.isInteger(o.workers) && o.workers > 0 ? '' : `--workers must be a positive whole number, got ${arg('workers')}`,
  ].filter(Boolean);
  if (problems.length > 0 || !scenario)
    throw new BenchError('invalid-options', `${problems.length} problem(s) with the arguments of asyncbench soak`, {
      problems,
      hint: subUsage(SOAK_ARGS),
      exitCode: ExitCode.usage,
    });
  return { ...o, names: arg('targets').split(','), scenario, out: args.values.out as string | undefined };
}

export async function main(argv: string[]): Promise<number> {
  const o = readOptions(argv);
  if (!o) {
    process.stdout.write(`${subUsage(SOAK_ARGS)}\n`);
    return ExitCode.ok;
  }
  ensureLimits(o.connections, (m) => console.log(m));
  const all = await builtinTargets();
  const defs = o.names.map((name) => all.find((t) => t.name === name));
  const unknown = o.names.filter((_, i) => defs[i]?.kind !== 'launch');
  if (unknown.length)
    throw new BenchError(
      'invalid-options',
      `--targets: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length > 1 ? 'are not' : 'is not'} a launchable built-in target`,
      {
        hint: `targets: ${all
          .filter((t) => t.kind === 'launch')
          .map((t) => t.name)
          .join(', ')}`,
        exitCode: ExitCode.usage,
      },
    );
  const dir = outputDir(o.out, `soak-${stampNow()}`);
  makeOutputDir(path.join(dir, 'logs'));
  installExitHook();
  // Ctrl-C: process.exit runs the exit hook, which stops every server group the soak started.
  process.once('SIGINT', () => process.exit(ExitCode.interrupted));
  const report: Record<string, unknown>[] = [];
  try {
    for (const def of defs as LaunchedTargetDef[]) report.push(await soakTarget(def, o, dir));
  } finally {
    await stopAll();
  }
  writeFileAtomic(path.join(dir, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${path.join(dir, 'soak.json')}`);
  return ExitCode.ok;
}

/** One target's long cell: launch, hold the load, sample memory every SOAK_DEFAULTS.sampleEveryS, and the trends. */
async function soakTarget(def: LaunchedTargetDef, o: SoakOptions, dir: string): Promise<Record<string, unknown>> {
  const name = def.name;
  if (def.setup?.length)
    await runSetupCommands(name, def.setup, { cwd: path.resolve(PACKAGE_ROOT, def.cwd ?? '.'), logFile: path.join(dir, 'logs', `setup-${name}.log`) });
  const server = await launchTarget({
    def,
    workers: o.workers,
    threads: SOAK_DEFAULTS.threads,
    port: await freePort(),
    logFile: path.join(dir, 'logs', `${name}.log`),
    readinessTimeoutMs: SOAK_DEFAULTS.readinessTimeoutS * 1000,
    projectRoot: PACKAGE_ROOT,
  });
  const samples: Sample[] = [];
  const t0 = Date.now();
  const sample = () => {
    const mu = process.memoryUsage();
    samples.push({
      minute: (Date.now() - t0) / 60_000,
      serverRssMiB: groupRssMiB(server.pgid),
      harnessRssMiB: mu.rss / 2 ** 20,
      harnessHeapMiB: mu.heapUsed / 2 ** 20,
    });
  };
  const timer = setInterval(sample, SOAK_DEFAULTS.sampleEveryS * 1000);
  console.log(`${name}: ${o.minutes} min of ${o.scenario.id} at ${o.connections} connections, ${o.workers} workers…`);
  const outcome = await runLoad({
    baseUrl: server.url,
    scenario: o.scenario,
    params: resolveParams(o.scenario.params),
    connections: o.connections,
    warmupS: SOAK_DEFAULTS.warmupS,
    durationS: o.minutes * 60 - SOAK_DEFAULTS.warmupS,
    timeoutS: SOAK_DEFAULTS.timeoutS,
    onTick: () => {},
  });
  clearInterval(timer);
  sample();
  await server.stop();
  const row = soakRow(name, o, outcome.counts, samples);
  console.log(
    `${name}: ${row.okResponses} ok, ${row.errors} errors; server RSS ${row.serverRssMiB.first?.toFixed(1)} → ${row.serverRssMiB.last?.toFixed(1)} MiB (${row.serverRssMiB.trendMiBPerMin.toFixed(3)} MiB/min); harness RSS ${row.harnessRssMiB.first?.toFixed(1)} → ${row.harnessRssMiB.last?.toFixed(1)} MiB (${row.harnessRssMiB.trendMiBPerMin.toFixed(3)} MiB/min)`,
  );
  return row;
}

interface Sample {
  minute: number;
  serverRssMiB: number;
  harnessRssMiB: number;
  harnessHeapMiB: number;
}

/** The trends, read after the first minute (start-up and the first wave of connections); a run under two minutes uses every sample. */
function soakRow(
  target: string,
  o: SoakOptions,
  counts: { ok: number; non2xx: number; timeouts: number; connErrors: number; verifyFailed: number },
  samples: Sample[],
) {
  const later = samples.filter((s) => s.minute >= 1);
  const steady = later.length >= 2 ? later : samples;
  const trend = (k: keyof Sample) => ({ first: steady[0]?.[k], last: steady.at(-1)?.[k], trendMiBPerMin: slope(steady.map((s) => [s.minute, s[k]])) });
  return {
    target,
    minutes: o.minutes,
    connections: o.connections,
    workers: o.workers,
    okResponses: counts.ok,
    errors: counts.non2xx + counts.timeouts + counts.connErrors + counts.verifyFailed,
    serverRssMiB: trend('serverRssMiB'),
    harnessRssMiB: trend('harnessRssMiB'),
    harnessHeapTrendMiBPerMin: trend('harnessHeapMiB').trendMiBPerMin,
    samples,
  };
}
