// `npm run bench:micro -- [--out DIR] [--time 500ms]`: tinybench micro-benchmarks of the building
// blocks. Writes micro.json into DIR; when DIR is a run directory, its report gains the section.
import fs from 'node:fs';
import path from 'node:path';
import { parseDuration } from '../config/durations.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import { writeReport } from '../report/write.js';
import type { Results } from '../types.js';
import { renderMicroTable, runMicro } from './run-micro.js';
import { buildTasks } from './tasks.js';

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
// The DB pool's threads are unref'd (they never keep a server alive); hold the loop open meanwhile.
const keepAlive = setInterval(() => {}, 1000);
const set = await buildTasks();
const result = await runMicro(set.tasks, { timeMs: t.seconds * 1000 });
await set.close();
clearInterval(keepAlive);
process.stdout.write(`${renderMicroTable(result)}\n`);
fs.mkdirSync(out, { recursive: true });
writeFileAtomic(path.join(out, 'micro.json'), `${JSON.stringify(result, null, 2)}\n`);
const resultsFile = path.join(out, 'results.json');
if (fs.existsSync(resultsFile)) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Results;
  const r = await writeReport(out, results, { micro: result.rows });
  process.stdout.write(`report updated with the micro-benchmarks: ${r.html}\n`);
}
process.stdout.write(`written: ${path.join(out, 'micro.json')}\n`);
const errored = result.rows.filter((r) => r.error).length;
process.exit(errored ? 1 : 0);
