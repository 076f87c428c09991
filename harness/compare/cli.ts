// `npm run compare -- <runA> <runB> [--fail-above 10%]`
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode, formatBenchError, isBenchError } from '../errors.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import type { Results } from '../types.js';
import { compareRuns, regressions } from './compare.js';
import { renderCompareHtml, renderCompareText } from './render-compare.js';

const USAGE = 'usage: npm run compare -- <runA> <runB> [--fail-above 10%]';

function load(dir: string): Results {
  const file = fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? path.join(dir, 'results.json') : dir;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
  } catch (e) {
    throw new BenchError('no-results', `cannot read ${file}: ${(e as Error).message}`, { hint: 'pass two run directories written by `npm run bench` (e.g. reports/<run-id>)', exitCode: ExitCode.usage });
  }
}

export function main(argv: string[]): number {
  const pos: string[] = [];
  let failAbove: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--fail-above' || a.startsWith('--fail-above=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      const m = /^(\d+(?:\.\d+)?)%$/.exec(v ?? '');
      if (!m) throw new BenchError('invalid-options', `--fail-above takes a percentage such as 10%, got ${JSON.stringify(v)}`, { hint: USAGE });
      failAbove = Number(m[1]) / 100;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${USAGE}\n  Matches cells of two runs and prints the change in req/s and p99 (B relative to A).\n  --fail-above P%  exit ${ExitCode.regression} when a cell's req/s falls or p99 rises by more than P%\n`);
      return ExitCode.ok;
    } else pos.push(a);
  }
  if (pos.length !== 2) throw new BenchError('invalid-options', `expected two runs, got ${pos.length}`, { hint: USAGE });
  const [a, b] = [load(pos[0] as string), load(pos[1] as string)];
  const cmp = compareRuns(a, b);
  process.stdout.write(`${renderCompareText(cmp)}\n`);
  // The comparison's own page goes next to the newer run.
  const newer = a.run.startedAt > b.run.startedAt ? (pos[0] as string) : (pos[1] as string);
  const dir = fs.statSync(newer).isDirectory() ? newer : path.dirname(newer);
  const out = path.join(dir, `compare-${(a.run.startedAt > b.run.startedAt ? b : a).run.id}.html`);
  writeFileAtomic(out, renderCompareHtml(cmp));
  process.stdout.write(`\ncomparison page: ${out}\n`);
  if (failAbove !== null) {
    const bad = regressions(cmp, failAbove);
    if (bad.length) {
      process.stdout.write(`\nregression above ${(failAbove * 100).toFixed(0)}% in ${bad.length} cell${bad.length > 1 ? 's' : ''}: ${bad.map((c) => c.key).join('; ')}\n`);
      return ExitCode.regression;
    }
  }
  return ExitCode.ok;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    if (isBenchError(e)) {
      process.stderr.write(`${formatBenchError(e)}\n`);
      process.exit(e.exitCode);
    }
    throw e;
  }
}
