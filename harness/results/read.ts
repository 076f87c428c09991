// The one reader of results.json (report, compare, micro, the estimator, --resume): checked against
// the shipped JSON Schema and upgraded to the current schemaVersion, so a bad file fails with what
// is wrong and how to fix it instead of a TypeError deep in a renderer or a comparison.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { BenchError, ExitCode } from '../errors.js';
import { upgradeResults } from './upgrade.js';
import type { Results } from '../types.js';
import { userCommand } from '../package-root.js';

/** The run directory's results file: the public contract, written whole after every cell. */
export const RESULTS_FILE = 'results.json';

const SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.schema.json');
let validator: ReturnType<Ajv2020['compile']> | null = null;

function validate(data: unknown): string[] {
  validator ??= new Ajv2020({ strict: false, allErrors: true, logger: false }).compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as object);
  if (validator(data)) return [];
  return (validator.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}

/**
 * Reads `target` (a run directory, or a results.json file). `hint` is what the caller's user
 * should pass instead when it is not a run.
 */
export function readResults(
  target: string,
  hint = `pass a run directory written by \`${userCommand('bench')}\` (it holds results.json), e.g. reports/latest`,
): Results {
  const isFile = fs.existsSync(target) && fs.statSync(target).isFile();
  const runDir = isFile ? path.dirname(target) : target;
  const file = isFile ? target : path.join(runDir, RESULTS_FILE);
  if (!fs.existsSync(runDir)) throw new BenchError('no-run-dir', `${runDir} does not exist`, { hint, exitCode: ExitCode.usage });
  if (!fs.existsSync(file)) throw new BenchError('no-results', `${runDir} has no results.json`, { hint, exitCode: ExitCode.usage });
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BenchError('invalid-results', `${file} is not valid JSON (${(e as Error).message})`, {
      hint: `if the run was interrupted, \`${userCommand('bench', '--resume <run-dir>')}\` rebuilds it from cells.jsonl`,
      exitCode: ExitCode.usage,
    });
  }
  const problems = validate(data);
  if (problems.length > 0) {
    throw new BenchError('invalid-results', `${file} does not match the results schema`, {
      problems,
      hint: 'it was written by another asyncbench version or edited by hand; see harness/results/results.schema.json',
      exitCode: ExitCode.usage,
    });
  }
  return upgradeResults(data as Results);
}

/** For re-rendering: the same reader with the report's hint. */
export function loadResults(runDir: string): Results {
  return readResults(
    runDir,
    `pass a run directory written by \`${userCommand('bench')}\` (it holds results.json), e.g. \`${userCommand('report', 'reports/latest')}\``,
  );
}
