// `npm run bench:micro -- [--out DIR] [--time 500ms]`: tinybench micro-benchmarks of the building
// blocks. Prints the table, writes DIR/micro.json (default reports/micro-<timestamp>/, output-dirs.ts); when DIR is
// a run directory (it holds results.json), that run's report gains the micro-benchmark section.
// Exit code 1 when a task errored. Like every subcommand it exports main(argv): the entry
// (cli/main.ts) is the one exit point, so a bad flag is a BenchError there, never a process.exit here.
import { parseSubArgs, subUsage, type SubcommandSpec } from '../config/sub-args.js';
import { BenchError, ExitCode } from '../errors.js';
import fs from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../config/durations.js';
import { writeReport } from '../report/write.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { outputDir, stampNow } from '../output-dirs.js';
import { reportTasks } from './report-tasks.js';
import { renderMicroTable, runMicro } from './run-micro.js';
import { readResults, RESULTS_FILE } from '../results/read.js';
import { makeOutputDir } from '../results/out-dir.js';

const MICRO_ARGS: SubcommandSpec = {
  command: 'asyncbench micro',
  positionals: { names: '', min: 0, max: 0 },
  options: {
    time: { type: 'string', arg: 'DURATION', description: "tinybench's time budget per task", default: '500ms' },
    out: { type: 'string', arg: 'DIR', description: 'where micro.json goes; a run directory also gains the report section (default: reports/micro-<time>/)' },
  },
  notes: ['Exit code 1 when a task errored (its row says why).'],
};

export async function main(argv: string[]): Promise<number> {
  const args = parseSubArgs(argv, MICRO_ARGS);
  if (args.help) {
    process.stdout.write(`${subUsage(MICRO_ARGS)}\n`);
    return ExitCode.ok;
  }
  const t = parseDuration(args.values.time as string);
  if (!t.ok) throw new BenchError('invalid-options', `--time: ${t.error}`, { hint: subUsage(MICRO_ARGS), exitCode: ExitCode.usage });
  const out = outputDir(args.values.out as string | undefined, `micro-${stampNow()}`);
  const result = await runMicro({ timeMs: t.seconds * 1000, extraTasks: reportTasks() });
  process.stdout.write(`${renderMicroTable(result)}\n`);
  makeOutputDir(out);
  writeFileAtomic(path.join(out, 'micro.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (fs.existsSync(path.join(out, RESULTS_FILE))) {
    const r = await writeReport(out, readResults(out), { micro: result.rows });
    process.stdout.write(`report updated with the micro-benchmarks: ${r.html}\n`);
  }
  process.stdout.write(`written: ${path.join(out, 'micro.json')}\n`);
  return result.rows.some((r) => r.state === 'errored') ? 1 : ExitCode.ok;
}
