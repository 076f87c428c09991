// `npm run soak`: one long cell per target (default: 10 minutes of longpoll at 500 connections
// against node-async and django-asgi-uvicorn), sampling the server's RSS and the harness's own
// memory, then reporting the trend in MiB per minute. Not a CI test: it takes as long as it says.
//
//   npm run soak -- [--targets a,b] [--minutes 10] [--connections 500] [--workers 2] [--scenario longpoll]
import { BenchError, ExitCode, formatBenchError, isBenchError } from '../errors.js';
import { parseSubArgs, subUsage, type SubcommandSpec } from '../cli/sub-args.js';
import { unknownNameMessage } from '../config/suggest.js';
import fs from 'node:fs';
import path from 'node:path';
import { builtinScenarios, resolveParams } from '../../scenarios/index.js';
import { installExitHook, killAllNow, stopAll } from '../launcher/children.js';
import { groupPidsOf, readProc } from '../samplers/proc-tree.js';
import { launchTarget } from '../launcher/launcher.js';
import { freePort } from '../launcher/ports.js';
import { runSetupCommands } from '../launcher/setup-commands.js';
import { ensureLimits } from '../limits.js';
import { runLoad } from '../load/driver.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { builtinTargets, PROJECT_ROOT } from '../catalog/catalog.js';
import { outputDir, stampNow } from '../output-dirs.js';
import type { LaunchedTargetDef } from '../types.js';
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
    targets: { type: 'string', arg: 'LIST', description: 'targets, one long cell each', default: 'node-async,django-asgi-uvicorn' },
    minutes: { type: 'string', arg: 'N', description: 'length of each cell', default: '10' },
    connections: { type: 'string', arg: 'N', description: 'closed-model connections', default: '500' },
    workers: { type: 'string', arg: 'N', description: 'worker processes', default: '2' },
    scenario: { type: 'string', arg: 'ID', description: 'the scenario to hold', default: 'longpoll' },
    out: { type: 'string', arg: 'DIR', description: 'where soak.json and logs/ go (default: reports/soak-<time>/)' },
  },
  notes: ['Samples server RSS and the harness memory every 10 s and prints the trend in MiB/minute.'],
};

async function main(): Promise<void> {
  const args = parseSubArgs(process.argv.slice(2), SOAK_ARGS);
  if (args.help) {
    process.stdout.write(`${subUsage(SOAK_ARGS)}\n`);
    return;
  }
  const arg = (name: string) => args.values[name] as string;
  const names = arg('targets').split(',');
  const minutes = Number(arg('minutes'));
  const connections = Number(arg('connections'));
  const workers = Number(arg('workers'));
  const scenario = builtinScenarios.find((s) => s.id === arg('scenario'));
  const problems = [
    ...(scenario
      ? []
      : [
          `--scenario: ${unknownNameMessage(
            'scenario',
            arg('scenario'),
            builtinScenarios.map((s) => s.id),
          )}`,
        ]),
    ...(minutes > 0 ? [] : [`--minutes must be a positive number, got ${arg('minutes')}`]),
    ...(Number.isInteger(connections) && connections > 0 ? [] : [`--connections must be a positive whole number, got ${arg('connections')}`]),
    ...(Number.isInteger(workers) && workers > 0 ? [] : [`--workers must be a positive whole number, got ${arg('workers')}`]),
  ];
  if (problems.length > 0 || !scenario)
    throw new BenchError('invalid-options', `${problems.length} problem(s) with the arguments of asyncbench soak`, {
      problems,
      hint: subUsage(SOAK_ARGS),
      exitCode: ExitCode.usage,
    });
  ensureLimits(connections, (m) => console.log(m));
  const all = await builtinTargets();
  const dir = outputDir(args.values.out as string | undefined, `soak-${stampNow()}`);
  makeOutputDir(path.join(dir, 'logs'));
  installExitHook();
  process.on('SIGINT', () => {
    killAllNow();
    process.exit(130);
  });
  const report: Record<string, unknown>[] = [];
  for (const name of names) {
    const def = all.find((t) => t.name === name) as LaunchedTargetDef | undefined;
    if (!def || def.kind !== 'launch') throw new Error(`unknown target ${name}`);
    if (def.setup?.length)
      await runSetupCommands(name, def.setup, { cwd: path.resolve(PROJECT_ROOT, def.cwd ?? '.'), logFile: path.join(dir, 'logs', `setup-${name}.log`) });
    const server = await launchTarget({
      def,
      workers,
      threads: 4,
      port: await freePort(),
      logFile: path.join(dir, 'logs', `${name}.log`),
      readinessTimeoutMs: 30_000,
      projectRoot: PROJECT_ROOT,
    });
    const samples: Array<{ minute: number; serverRssMiB: number; harnessRssMiB: number; harnessHeapMiB: number }> = [];
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
    const timer = setInterval(sample, 10_000);
    console.log(`${name}: ${minutes} min of ${scenario.id} at ${connections} connections, ${workers} workers…`);
    const outcome = await runLoad({
      baseUrl: server.url,
      scenario,
      params: resolveParams(scenario.params),
      connections,
      warmupS: 30,
      durationS: minutes * 60 - 30,
      timeoutS: 60,
      onTick: () => {},
    });
    clearInterval(timer);
    sample();
    await server.stop();
    // The first minute holds start-up and the first wave of connections; the trend is read after it.
    // (A run shorter than two minutes falls back to every sample.)
    const later = samples.filter((s) => s.minute >= 1);
    const steady = later.length >= 2 ? later : samples;
    const row = {
      target: name,
      minutes,
      connections,
      workers,
      okResponses: outcome.counts.ok,
      errors: outcome.counts.non2xx + outcome.counts.timeouts + outcome.counts.connErrors + outcome.counts.verifyFailed,
      serverRssMiB: { first: steady[0]?.serverRssMiB, last: steady.at(-1)?.serverRssMiB, trendMiBPerMin: slope(steady.map((s) => [s.minute, s.serverRssMiB])) },
      harnessRssMiB: {
        first: steady[0]?.harnessRssMiB,
        last: steady.at(-1)?.harnessRssMiB,
        trendMiBPerMin: slope(steady.map((s) => [s.minute, s.harnessRssMiB])),
      },
      harnessHeapTrendMiBPerMin: slope(steady.map((s) => [s.minute, s.harnessHeapMiB])),
      samples,
    };
    report.push(row);
    console.log(
      `${name}: ${row.okResponses} ok, ${row.errors} errors; server RSS ${row.serverRssMiB.first?.toFixed(1)} → ${row.serverRssMiB.last?.toFixed(1)} MiB (${row.serverRssMiB.trendMiBPerMin.toFixed(3)} MiB/min); harness RSS ${row.harnessRssMiB.first?.toFixed(1)} → ${row.harnessRssMiB.last?.toFixed(1)} MiB (${row.harnessRssMiB.trendMiBPerMin.toFixed(3)} MiB/min)`,
    );
  }
  await stopAll();
  writeFileAtomic(path.join(dir, 'soak.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written: ${path.join(dir, 'soak.json')}`);
}

main().catch((e: unknown) => {
  killAllNow();
  // A user error prints its message, problems and hint; a bug its stack.
  console.error(isBenchError(e) ? formatBenchError(e) : ((e as Error).stack ?? e));
  process.exit(isBenchError(e) ? e.exitCode : 1);
});
