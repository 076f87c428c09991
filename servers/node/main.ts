// The Node reference server: a cluster primary that forks N workers and does nothing else.
//   node --import tsx servers/node/main.ts --model async|sync --port P --workers N [--db FILE] [--db-pool 4]
// See README.md. Workers inherit the `--import tsx` loader through cluster's default execArgv.
import cluster from 'node:cluster';
import { parseFlags, USAGE } from './flags.js';
import { runPrimary } from './primary.js';
import { runWorker } from './worker.js';

const parsed = parseFlags(process.argv.slice(2));
if ('problems' in parsed) {
  console.error(`${parsed.problems.join('\n')}\n${USAGE}`);
  process.exit(2);
}
if (cluster.isPrimary) runPrimary(parsed.flags);
else await runWorker(parsed.flags);
