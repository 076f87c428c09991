// `asyncbench compare <runA> <runB> [--fail-above 10%] [--format text|markdown] [--out FILE]`
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode, formatBenchError, isBenchError } from '../errors.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import type { Results } from '../types.js';
import { readResults } from '../results/read.js';
import { compareRuns } from './compare.js';
import { gateExitCode, gateSentence, NOTHING_COMPARED_HINT, runGate } from './gate.js';
import { renderCompareHtml, renderCompareMarkdown, renderCompareText } from './render-compare.js';

const USAGE = 'usage: asyncbench compare <runA> <runB> [--fail-above 10%] [--format text|markdown] [--out FILE]   (npm run compare -- …)';
const HELP = `${USAGE}
  Matches cells of two runs and prints the change in req/s and p99 (B relative to A).
  --fail-above P%    exit ${ExitCode.regression} when a cell's req/s falls or p99 rises by more than P%;
                     exit ${ExitCode.usage} when the runs have no cell in common (a gate that compared nothing fails)
  --format markdown  print Markdown (for a pull-request comment) and write it to a file; appended to
                     $GITHUB_STEP_SUMMARY when that is set
  --out FILE         where --format markdown writes (default: compare-<A>.md next to the newer run)
`;

/** `--name value` or `--name=value`; advances i past a separate value. */
function value(argv: string[], i: { at: number }, name: string): string {
  const a = argv[i.at] as string;
  const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i.at];
  if (v === undefined || v === '') throw new BenchError('invalid-options', `${name} needs a value`, { hint: USAGE });
  return v;
}

const load = (dir: string): Results => readResults(dir, 'pass two run directories written by `npm run bench` (e.g. reports/<run-id>)');

export function main(argv: string[]): number {
  const pos: string[] = [];
  let failAbove: number | null = null;
  let format: 'text' | 'markdown' = 'text';
  let outFile: string | null = null;
  for (const i = { at: 0 }; i.at < argv.length; i.at++) {
    const a = argv[i.at] as string;
    const flag = a.split('=')[0];
    if (flag === '--fail-above') {
      const v = value(argv, i, '--fail-above');
      const m = /^(\d+(?:\.\d+)?)%$/.exec(v);
      if (!m) throw new BenchError('invalid-options', `--fail-above takes a percentage such as 10%, got ${JSON.stringify(v)}`, { hint: USAGE });
      failAbove = Number(m[1]) / 100;
    } else if (flag === '--format') {
      const v = value(argv, i, '--format');
      if (v !== 'text' && v !== 'markdown') throw new BenchError('invalid-options', `--format is text or markdown, got ${JSON.stringify(v)}`, { hint: USAGE });
      format = v;
    } else if (flag === '--out') {
      outFile = value(argv, i, '--out');
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(HELP);
      return ExitCode.ok;
    } else if (a.startsWith('--')) {
      throw new BenchError('invalid-options', `unknown option ${a}`, { hint: USAGE });
    } else pos.push(a);
  }
  if (pos.length !== 2) throw new BenchError('invalid-options', `expected two runs, got ${pos.length}`, { hint: USAGE });
  if (outFile !== null && format !== 'markdown')
    throw new BenchError('invalid-options', '--out is where --format markdown writes; add --format markdown', { hint: USAGE });
  const [a, b] = [load(pos[0] as string), load(pos[1] as string)];
  const cmp = compareRuns(a, b);
  const verdict = runGate(cmp, failAbove);
  // The comparison's own pages go next to the newer run.
  const newer = a.run.startedAt > b.run.startedAt ? (pos[0] as string) : (pos[1] as string);
  const dir = fs.statSync(newer).isDirectory() ? newer : path.dirname(newer);
  const base = `compare-${(a.run.startedAt > b.run.startedAt ? b : a).run.id}`;
  const html = path.join(dir, `${base}.html`);
  writeFileAtomic(html, renderCompareHtml(cmp));
  if (format === 'markdown') {
    const md = renderCompareMarkdown(cmp, verdict);
    const file = path.resolve(outFile ?? path.join(dir, `${base}.md`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeFileAtomic(file, md);
    // GitHub Actions shows this file on the run's page; several steps may append to it.
    if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${md}\n`);
    process.stdout.write(md);
    process.stderr.write(`comparison: ${file}, ${html}\n`);
  } else {
    process.stdout.write(`${renderCompareText(cmp)}\n`);
    process.stdout.write(`\ncomparison page: ${html}\n`);
    const sentence = gateSentence(verdict);
    // A gate that compared nothing is an error, said once, on stderr, with its hint (below).
    if (sentence && verdict.state !== 'nothing-compared') process.stdout.write(`\n${sentence}\n`);
  }
  if (verdict.state === 'nothing-compared') process.stderr.write(`asyncbench: ${gateSentence(verdict)}\n\nhint: ${NOTHING_COMPARED_HINT}\n`);
  return gateExitCode(verdict);
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
