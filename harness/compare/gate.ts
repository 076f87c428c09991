// The CI gate of `compare --fail-above P%`: pure, so its verdict is one value that the terminal,
// the Markdown summary and the exit code all read. A gate that compared nothing must not pass:
// two runs with no cell in common (say the default suite against a --quick run) prove nothing.
import { ExitCode } from '../errors.js';
import { regressions, type CellComparison, type Comparison } from './compare.js';

export type GateVerdict =
  | { state: 'off' }
  | { state: 'passed'; threshold: number; compared: number }
  | { state: 'regressed'; threshold: number; compared: number; cells: CellComparison[] }
  | { state: 'nothing-compared'; threshold: number; reason: string };

export function runGate(cmp: Comparison, threshold: number | null): GateVerdict {
  if (threshold === null) return { state: 'off' };
  if (cmp.cells.length === 0) {
    const reason =
      cmp.onlyInA.length || cmp.onlyInB.length
        ? `the runs have no cell in common (${cmp.onlyInA.length} only in A, ${cmp.onlyInB.length} only in B): target × scenario × workers × connections must match`
        : 'neither run has a completed cell';
    return { state: 'nothing-compared', threshold, reason };
  }
  const bad = regressions(cmp, threshold);
  return bad.length ? { state: 'regressed', threshold, compared: cmp.cells.length, cells: bad } : { state: 'passed', threshold, compared: cmp.cells.length };
}

export function gateExitCode(v: GateVerdict): number {
  if (v.state === 'regressed') return ExitCode.regression;
  // Not a regression, but not a pass either: the input could not answer the question (exit 2).
  if (v.state === 'nothing-compared') return ExitCode.usage;
  return ExitCode.ok;
}

const pctText = (t: number) => `${+(t * 100).toFixed(2)}%`;

/** One sentence for the terminal and the Markdown summary. Pure. */
export function gateSentence(v: GateVerdict): string | null {
  switch (v.state) {
    case 'off':
      return null;
    case 'passed':
      return `gate passed: no cell's req/s fell, nor its p99 rose, by more than ${pctText(v.threshold)} (${v.compared} cell${v.compared > 1 ? 's' : ''} compared)`;
    case 'regressed':
      return `gate failed: regression above ${pctText(v.threshold)} in ${v.cells.length} cell${v.cells.length > 1 ? 's' : ''} (of ${v.compared} compared): ${v.cells.map((c) => c.key).join('; ')}`;
    case 'nothing-compared':
      return `gate failed: nothing was compared, so nothing was checked: ${v.reason}`;
  }
}

export const NOTHING_COMPARED_HINT =
  'run both sides with the same options (the same --config, or the same --targets, --scenarios, --workers and --connections), e.g. --quick on both';
