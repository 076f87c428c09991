// The CI gate of `compare --fail-above P%`: pure, so its verdict is one value that the terminal,
// the Markdown summary and the exit code all read. A gate that compared nothing must not pass:
// two runs with no cell in common (say the default suite against a --quick run) prove nothing.
import { ExitCode } from '../errors.js';
import type { BrokenCell } from './broken.js';
import { regressions, type CellComparison, type Comparison } from './compare.js';

export type GateVerdict =
  | { state: 'off' }
  | { state: 'passed'; threshold: number; compared: number }
  /** `cells` regressed beyond the threshold; `broken` were healthy in A and errored, were invalid or failed requests in B. */
  | { state: 'regressed'; threshold: number; compared: number; cells: CellComparison[]; broken: BrokenCell[] }
  | { state: 'nothing-compared'; threshold: number; reason: string };

export function runGate(cmp: Comparison, threshold: number | null): GateVerdict {
  if (threshold === null) return { state: 'off' };
  // A cell that broke in B fails the gate whatever the threshold, even when nothing else matched.
  const broken = cmp.broken.filter((c) => c.alsoInA === null);
  if (cmp.cells.length === 0 && broken.length === 0) {
    const reason =
      cmp.onlyInA.length || cmp.onlyInB.length
        ? `the runs have no cell in common (${cmp.onlyInA.length} only in A, ${cmp.onlyInB.length} only in B): target × scenario × workers × connections must match`
        : 'neither run has a completed cell';
    return { state: 'nothing-compared', threshold, reason };
  }
  const bad = regressions(cmp, threshold);
  return bad.length || broken.length
    ? { state: 'regressed', threshold, compared: cmp.cells.length, cells: bad, broken }
    : { state: 'passed', threshold, compared: cmp.cells.length };
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
    case 'regressed': {
      const parts = [
        ...(v.cells.length
          ? [
              `regression above ${pctText(v.threshold)} in ${v.cells.length} cell${v.cells.length > 1 ? 's' : ''} (of ${v.compared} compared): ${v.cells.map((c) => c.key).join('; ')}`,
            ]
          : []),
        ...(v.broken.length
          ? [`${v.broken.length} cell${v.broken.length > 1 ? 's' : ''} broke in B (valid in A): ${v.broken.map((c) => c.key).join('; ')}`]
          : []),
      ];
      return `gate failed: ${parts.join('; and ')}`;
    }
    case 'nothing-compared':
      return `gate failed: nothing was compared, so nothing was checked: ${v.reason}`;
  }
}

export const NOTHING_COMPARED_HINT =
  'run both sides with the same options (the same --config, or the same --targets, --scenarios, --workers and --connections), e.g. --quick on both';
