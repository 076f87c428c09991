// `npm run bench:micro -- [--out DIR] [--time 500ms]`: tinybench micro-benchmarks of the building
// blocks. Prints the table, writes DIR/micro.json (default reports/micro-<timestamp>/, output-dirs.ts); when DIR is
// a run directory (it holds results.json), that run's report gains the micro-benchmark section.
// Exit code 1 when a task errored.
import { parseSubArgs, subUsage, type SubcommandSpec } from '../cli/sub-args.js';
import { ExitCode, formatBenchError, isBenchError } from '../errors.js';
import fs from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../config/durations.js';
import { writeReport } from '../report/write.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { readResults } from '../results/read.js';
import { outputDir, stampNow } from '../output-dirs.js';
import { reportTasks } from './report-tasks.js';
import { renderMicroTable, runMicro } from './run-micro.js';
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

let args;
try {
  args = parseSubArgs(process.argv.slice(2), MICRO_ARGS);
} catch (e) {
  console.error(isBenchError(e) ? formatBenchError(e) : (e as Error).message);
  process.exit(ExitCode.usage);
}
if (args.help) {
  process.stdout.write(`${subUsage(MICRO_ARGS)}\n`);
  process.exit(0);
}
const t = parseDuration(args.values.time as string);
if (!t.ok) {
  console.error(`--time: ${t.error}`);
  process.exit(ExitCode.usage);
}
const out = outputDir(args.values.out as string | undefined, `micro-${stampNow()}`);
const result = await runMicro({ timeMs: t.seconds * 1000, extraTasks: reportTasks() });
process.stdout.write(`${renderMicroTable(result)}\n`);
makeOutputDir(out);
writeFileAtomic(path.join(out, 'micro.json'), `${JSON.stringify(result, null, 2)}\n`);
const resultsFile = path.join(out, 'results.json');
if (fs.existsSync(resultsFile)) {
  const results = readResults(out);
  const r = await writeReport(out, results, { micro: result.rows });
  process.stdout.write(`report updated with the micro-benchmarks: ${r.html}\n`);
}
process.stdout.write(`written: ${path.join(out, 'micro.json')}\n`);
process.exit(result.rows.some((r) => r.state === 'errored') ? 1 : 0);
