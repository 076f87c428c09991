// `asyncbench bench` (and `npm run bench`): the thin CLI over runBench. Errors propagate to the one
// exit point in main.ts: a BenchError prints its message, problems and hint; anything else is a bug.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfigFile } from '../config/config-file.js';
import { FLAGS, configKeyOf } from '../config/flags.js';
import { RUN_LEVEL_KEYS } from '../config/run-level.js';
import { parseArgs, type ParsedArgs } from '../config/parse-args.js';
import { resolveOptions } from '../config/resolve.js';
import type { Catalog } from '../types.js';
import { BenchError, ExitCode, isBenchError } from '../errors.js';
import { killAllNow } from '../host/children.js';
import { createProgress, type ProgressReporter } from '../run/progress.js';
import { RunStore } from '../results/store.js';
import { assertRunDirFree } from '../results/run-lock.js';
import type { ResolvedOptions } from '../types.js';
import { runBench } from '../run/run.js';
import { INSTALLED, userCommand } from '../package-root.js';
import { defaultReportsDir, outputBase, USER_CWD } from '../output-dirs.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { DEFAULT_TARGETS } from '../config/defaults.js';
import { targetFamilies } from '../../servers/targets/families.js';
import { renderHelp } from './help.js';
import { renderList } from './list.js';
import { renderSummaryTable } from './summary-table.js';
import { writeRunReport } from './write-report.js';
import { writeStarterConfig } from './init.js';
import { renderVersion } from './version.js';

function runIdNow(): string {
  return new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
}

/** `asyncbench bench [options]` (also what `asyncbench [options]` runs): the matrix, then the report. */
export async function benchMain(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.actions.help) {
    process.stdout.write(`${renderHelp()}\n`);
    return ExitCode.ok;
  }
  if (args.actions.version) {
    process.stdout.write(`${renderVersion()}\n`);
    return ExitCode.ok;
  }
  if (typeof args.actions.resume === 'string') return resume(args.actions.resume, args);
  const configPath = typeof args.actions.config === 'string' ? args.actions.config : null;
  const config = configPath ? await loadConfigFile(configPath, USER_CWD) : null;
  const catalog = await loadCatalog(config, { allowRemote: args.values.allowRemote === true ? true : undefined });
  if (args.actions.init !== undefined)
    return writeStarterConfig(path.resolve(USER_CWD, typeof args.actions.init === 'string' ? args.actions.init : 'bench.config.json'));
  if (args.actions.list) {
    process.stdout.write(`${renderList(catalog)}\n`);
    return ExitCode.ok;
  }
  const problems = [...args.problems];
  if (args.positionals.length)
    problems.push(`unexpected argument${args.positionals.length > 1 ? 's' : ''}: ${args.positionals.join(' ')} (options start with --)`);
  const fileValues = config ? pickKnownKeys(config.values, config.path, problems) : {};
  // Installed, a family whose environment is missing (the Django targets without the Python venv)
  // cannot start: a run that names no targets leaves it out and says why (`npx asyncbench --quick`
  // from an empty folder runs the Node targets).
  const named = 'targets' in args.values || 'targets' in fileValues || catalog.selected.targets !== undefined;
  const unready = INSTALLED && !named ? unreadyDefaults(catalog) : null;
  if (unready) args.values.targets = unready.keep.join(',');
  const runId = runIdNow();
  let resolution;
  try {
    resolution = resolveOptions(fileValues, args.values, catalog, { runId, configPath: config?.path ?? null });
  } catch (e) {
    if (isBenchError(e) && problems.length)
      throw new BenchError(e.code, `${problems.length + e.problems.length} problems with the options`, {
        ...e,
        problems: [...problems, ...e.problems],
        hint: e.hint,
        exitCode: e.exitCode,
      });
    throw e;
  }
  if (problems.length) {
    throw new BenchError('invalid-options', `${problems.length} problem${problems.length > 1 ? 's' : ''} with the options`, {
      problems,
      hint: `run \`${userCommand('bench', '--help')}\` for every option and its format`,
    });
  }
  const { options, warnings } = resolution;
  // --out as typed is relative to the user's folder (in a config file, to the file's); the default
  // reports/<run-id> goes where every subcommand's default goes (output-dirs.ts).
  if ('out' in args.values || (config && 'out' in config.values))
    options.outDir = path.resolve('out' in args.values ? USER_CWD : path.dirname(config!.path), options.outDir);
  else options.outDir = path.resolve(outputBase(), options.outDir);
  const progress = createProgress(process.stderr, { repeats: options.repeat > 1 });
  for (const w of warnings) progress.warn(w);
  if (unready) progress.warn(unready.message);
  return execute(options, catalog, progress, argv, runId, null);
}

/** --resume: the run's own options and catalog; only its unfinished cells run. */
async function resume(dir: string, args: ParsedArgs): Promise<number> {
  const extra = [...Object.keys(args.values), ...Object.keys(args.actions).filter((k) => k !== 'resume')];
  if (extra.length || args.problems.length) {
    throw new BenchError('invalid-options', '--resume finishes a run with the options it started with', {
      problems: [...args.problems, ...extra.map((k) => `--${k} cannot be combined with --resume`)],
      hint: `run \`${userCommand('bench', `--resume ${dir}`)}\` alone, or start a new run`,
    });
  }
  const store = RunStore.open(path.resolve(USER_CWD, dir));
  assertRunDirFree(store.dir);
  const options = store.results.run.options;
  const catalog = await loadCatalog(options.config ? await loadConfigFile(options.config) : null, { allowRemote: options.allowRemote });
  const progress = createProgress(process.stderr, { repeats: options.repeat > 1 });
  progress.info(`resuming ${store.dir}: ${store.results.cells.filter((c) => c.status === 'completed').length} finished cells are kept`);
  return execute(options, catalog, progress, store.results.run.commandLine.slice(4), store.results.run.id, store);
}

async function execute(
  options: ResolvedOptions,
  catalog: Catalog,
  progress: ProgressReporter,
  argv: string[],
  runId: string,
  resumeStore: RunStore | null,
): Promise<number> {
  for (const t of catalog.targets) {
    if (t.kind === 'url' && options.targets.includes(t.name) && !/^http:\/\/(127\.|localhost|\[::1\])/.test(t.url)) {
      progress.warn(`--allow-remote: ${t.name} at ${t.url} is not on this machine; load will leave loopback`);
    }
  }
  const controller = new AbortController();
  let signals = 0;
  let reporting = false;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      progress.warn(
        reporting
          ? `${sig}: every cell is kept; finishing the report, then exiting with 130 (press Ctrl-C again to quit at once)`
          : `${sig}: stopping the load and the servers; finished cells are kept (press Ctrl-C again to quit at once)`,
      );
      controller.abort();
    } else {
      killAllNow();
      process.exit(ExitCode.interrupted);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, onSignal);

  const outcome = await runBench(options, {
    projectRoot: PACKAGE_ROOT,
    catalog,
    progress,
    signal: controller.signal,
    commandLine: ['npm', 'run', 'bench', '--', ...argv],
    runId,
    resume: resumeStore ?? undefined,
  });
  const results = outcome.store.results;
  process.stdout.write(`\n${renderSummaryTable(results)}\n`);
  reporting = true;
  progress.info('rendering the report');
  const report = await writeRunReport(outcome.store.dir, results, progress);
  // reports/latest points at the newest run under reports/; a run --out elsewhere leaves that folder alone.
  if (path.dirname(path.resolve(outcome.store.dir)) === path.resolve(defaultReportsDir())) outcome.store.linkLatest();
  process.stdout.write(`\nrun directory: ${path.relative(process.cwd(), outcome.store.dir) || '.'}\n`);
  if (report) process.stdout.write(`report: ${path.relative(process.cwd(), report)}\n`);
  // A Ctrl-C that came while the report was written is handled by now (one turn of the loop).
  await new Promise((r) => setImmediate(r));
  if (outcome.interrupted || controller.signal.aborted) return ExitCode.interrupted;
  return outcome.erroredCells > 0 ? ExitCode.cellsErrored : ExitCode.ok;
}

/** Config keys come from the same flag table as the CLI; an unknown key is a problem, not silence. */
function pickKnownKeys(values: Record<string, unknown>, file: string, problems: string[]): Record<string, unknown> {
  const known = new Set([...FLAGS.filter((f) => !f.cliOnly).map(configKeyOf), ...RUN_LEVEL_KEYS]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === '$schema' || k.startsWith('//')) continue;
    if (known.has(k)) out[k] = v;
    else problems.push(`${file}: unknown key "${k}" (known: ${[...known].join(', ')})`);
  }
  return out;
}

/** The default suite's targets whose family's environment is missing, and what to run instead; null when all are ready. */
function unreadyDefaults(catalog: Catalog): { keep: string[]; message: string } | null {
  const defaults = DEFAULT_TARGETS.filter((n) => catalog.targets.some((t) => t.name === n));
  const envOf = (n: string) => targetFamilies[catalog.targets.find((t) => t.name === n)?.family ?? '']?.environment;
  const missing = defaults.filter((n) => envOf(n) && !envOf(n)!.ready());
  if (missing.length === 0) return null;
  const keep = defaults.filter((n) => !missing.includes(n));
  const envs = [...new Set(missing.map((n) => envOf(n)!))];
  const message = `${envs.map((e) => `${e.what} is missing`).join(', ')}: leaving ${missing.join(', ')} out of the default suite (${envs.map((e) => e.hint()).join('; ')})`;
  return { keep, message };
}
