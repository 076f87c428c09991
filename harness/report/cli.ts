// `npm run report -- <run-dir>` re-renders one run; `--publish <dir>` builds a static site of all
// runs. Exit codes: 0 ok, 2 bad input (message + hint), 1 a bug (stack).
import path from 'node:path';
import { BenchError, ExitCode, formatBenchError, isBenchError } from '../errors.js';
import { defaultReportsDir, userPath } from '../output-dirs.js';
import { userCommand } from '../package-root.js';
import { loadResults } from '../results/read.js';
import { publishSite } from './publish.js';
import { parseSubArgs, subUsage, type SubcommandSpec } from '../config/sub-args.js';
import { writeReport } from './write.js';

export const REPORT_ARGS: SubcommandSpec = {
  command: 'asyncbench report',
  positionals: { names: '<run-dir>', min: 0, max: 1 },
  options: {
    publish: { type: 'string', arg: 'DIR', description: 'write DIR/<run-id>/ for every run and DIR/index.html listing them (a static site)' },
    reports: { type: 'string', arg: 'DIR', description: 'with --publish: where the runs are (default: ./reports; in a checkout, its reports/)' },
    'no-png': { type: 'boolean', description: 'skip the PNG charts' },
  },
  notes: [
    'Re-renders one run from its results.json (older runs too). Exit codes: 0 ok, 1 a bug, 2 invalid input (missing or invalid results.json, bad flags).',
  ],
};
const USAGE = subUsage(REPORT_ARGS);

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}
const STDIO: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function main(argv: string[], io: CliIo = STDIO): Promise<number> {
  const { values, positionals, help } = parseSubArgs(argv, REPORT_ARGS);
  if (help) {
    io.out(`${USAGE}\n`);
    return ExitCode.ok;
  }
  const opts = { skipPng: values['no-png'] === true };
  if (values.publish !== undefined) {
    const typed = (values.reports as string | undefined) ?? positionals[0];
    const reports = typed === undefined ? defaultReportsDir() : userPath(typed);
    const out = await publishSite(reports, userPath(values.publish as string), opts);
    for (const s of out.skipped) io.err(`asyncbench: skipped ${s.dir}: ${s.reason}\n`);
    if (out.runs.length === 0) {
      throw new BenchError('no-runs', `no run directories with a results.json under ${reports}`, {
        hint: `run \`${userCommand('bench')}\` first, or pass --reports <dir>`,
      });
    }
    io.out(`published ${out.runs.length} run(s): ${path.relative(process.cwd(), out.index) || out.index}\n`);
    return ExitCode.ok;
  }
  const dir = positionals[0];
  if (!dir || positionals.length > 1) {
    throw new BenchError('bad-args', positionals.length > 1 ? `expected one run directory, got ${positionals.length}` : 'no run directory given', {
      hint: USAGE,
    });
  }
  const results = loadResults(userPath(dir));
  const out = await writeReport(userPath(dir), results, opts);
  io.out(`report: ${path.relative(process.cwd(), out.html) || out.html} (${out.files.length} files)\n`);
  return ExitCode.ok;
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') === path.resolve(import.meta.dirname, 'cli');
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (isBenchError(e)) {
        process.stderr.write(`${formatBenchError(e)}\n`);
        process.exit(e.exitCode);
      }
      process.stderr.write(`asyncbench: unexpected error (a bug; please report it with this output)\n${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(ExitCode.internal);
    },
  );
}
