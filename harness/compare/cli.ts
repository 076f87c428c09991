// `asyncbench compare <runA> <runB> [--fail-above 10%] [--format text|markdown] [--out FILE]`
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode, formatBenchError, isBenchError } from '../errors.js';
import { writeFileAtomic } from '../results/atomic-write.js';
import type { Results } from '../types.js';
import { readResults } from '../results/read.js';
import { userPath } from '../output-dirs.js';
import { userCommand } from '../package-root.js';
import { parseSubArgs, subUsage, type SubcommandSpec } from '../config/sub-args.js';
import { compareRuns } from './compare.js';
import { gateExitCode, gateSentence, NOTHING_COMPARED_HINT, runGate } from './gate.js';
import { renderCompareHtml, renderCompareMarkdown, renderCompareText } from './render-compare.js';
import { makeOutputDir } from '../results/out-dir.js';

export const COMPARE_ARGS: SubcommandSpec = {
  command: 'asyncbench compare',
  positionals: { names: '<run-A> <run-B>', min: 2, max: 2 },
  options: {
    'fail-above': {
      type: 'string',
      arg: 'P%',
      description: `exit ${ExitCode.regression} when a cell's median req/s falls or median p99 rises by more than P% (and its interval, with repeats, does not clear P%), or a cell valid in A errored, was invalid or failed requests in B; exit ${ExitCode.inconclusive} ("can't tell") when no cell did but a cell's 95% interval reaches past P%; exit ${ExitCode.usage} when the runs have no cell in common`,
    },
    format: {
      type: 'string',
      arg: 'text|markdown',
      description: 'markdown: for a pull-request comment, also written to a file and appended to $GITHUB_STEP_SUMMARY when set',
      default: 'text',
    },
    out: { type: 'string', arg: 'FILE', description: 'where --format markdown writes (default: compare-<A>.md next to the newer run)' },
  },
  notes: ['Matches the cells of two runs and prints the change in req/s and p99 (B relative to A). npm run compare -- … is the same.'],
  check: (v) => [
    ...(v['fail-above'] !== undefined && !/^\d+(?:\.\d+)?%$/.test(v['fail-above'] as string)
      ? [`--fail-above takes a percentage such as 10%, got ${JSON.stringify(v['fail-above'])}`]
      : []),
    ...(v.format !== 'text' && v.format !== 'markdown' ? [`--format is text or markdown, got ${JSON.stringify(v.format)}`] : []),
    ...(v.out !== undefined && v.format !== 'markdown' ? ['--out is where --format markdown writes; add --format markdown'] : []),
  ],
};
const USAGE = subUsage(COMPARE_ARGS);

const load = (dir: string): Results => readResults(dir, `pass two run directories written by \`${userCommand('bench')}\` (e.g. reports/<run-id>)`);

export function main(argv: string[]): number {
  const args = parseSubArgs(argv, COMPARE_ARGS);
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return ExitCode.ok;
  }
  const fa = args.values['fail-above'] as string | undefined;
  const failAbove = fa === undefined ? null : Number(fa.slice(0, -1)) / 100;
  const format = args.values.format as 'text' | 'markdown';
  const outFile = (args.values.out as string | undefined) ?? null;
  const pos = args.positionals.map((p) => userPath(p));
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
    const file = outFile === null ? path.join(dir, `${base}.md`) : userPath(outFile);
    makeOutputDir(path.dirname(file));
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
