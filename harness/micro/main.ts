// `npm run bench:micro -- [--out DIR] [--time 500ms]`: tinybench micro-benchmarks of the building
// blocks. Prints the table, writes DIR/micro.json (default reports/micro-<timestamp>/); when DIR is
// a run directory (it holds results.json), that run's report gains the micro-benchmark section.
// Exit code 1 when a task errored.
import fs from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../config/durations.js';
import { writeReport } from '../report/write.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { readResults } from '../results/read.js';
import { reportTasks } from './report-tasks.js';
import { renderMicroTable, runMicro } from './run-micro.js';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const t = parseDuration(flag('time') ?? '500ms');
if (!t.ok) {
  console.error(`--time: ${t.error}`);
  process.exit(2);
}
const out = path.resolve(flag('out') ?? path.join('reports', `micro-${new Date().toISOString().replace(/[:.]/g, '-')}`));
const result = await runMicro({ timeMs: t.seconds * 1000, extraTasks: reportTasks() });
process.stdout.write(`${renderMicroTable(result)}\n`);
fs.mkdirSync(out, { recursive: true });
writeFileAtomic(path.join(out, 'micro.json'), `${JSON.stringify(result, null, 2)}\n`);
const resultsFile = path.join(out, 'results.json');
if (fs.existsSync(resultsFile)) {
  const results = readResults(out);
  const r = await writeReport(out, results, { micro: result.rows });
  process.stdout.write(`report updated with the micro-benchmarks: ${r.html}\n`);
}
process.stdout.write(`written: ${path.join(out, 'micro.json')}\n`);
process.exit(result.rows.some((r) => r.state === 'errored') ? 1 : 0);
