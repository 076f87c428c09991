// The CI gate of `compare --fail-above P%`: pure, so its verdict is one value that the terminal,
// the Markdown summary and the exit code all read. A gate that compared nothing must not pass:
// two runs with no cell in common (say the default suite against a --quick run) prove nothing.
//
// A cell regressed when its median moved past the threshold and its interval (where repeats give
// one) does not clear it; more repeats can only make that surer, never let it pass (issue 21: a
// 4-vs-4 median 34% down passed because its interval also held 0, while 1-vs-1 at −30% failed).
// A median within the threshold whose interval reaches past it is "can't tell": said apart, with
// its own exit code, because more repeats would decide it.
import { ExitCode } from '../errors.js';
import type { BrokenCell } from './broken.js';
import type { CellComparison, Comparison, MetricChange } from './compare.js';

export type GateVerdict =
  | { state: 'off' }
  | { state: 'passed'; threshold: number; compared: number }
  /** `cells` regressed beyond the threshold; `broken` were healthy in A and errored, were invalid or failed requests in B; `unsure` could not be told. */
  | { state: 'regressed'; threshold: number; compared: number; cells: CellComparison[]; broken: BrokenCell[]; unsure: CellComparison[] }
  /** No cell regressed or broke, but the intervals of `cells` reach past the threshold. */
  | { state: 'cant-tell'; threshold: number; compared: number; cells: CellComparison[] }
  | { state: 'nothing-compared'; threshold: number; reason: string };

export type MetricVerdict = 'regressed' | 'cant-tell' | 'within';

/** One metric against the threshold: its median past it (and its interval not clear of it), its interval alone reaching past it, or within. */
export function judgeMetric(m: MetricChange | null, threshold: number, higherIsBetter: boolean): MetricVerdict {
  if (!m) return 'within';
  // Everything as "worse by": a fall for req/s, a rise for p99.
  const worse = higherIsBetter ? -m.change : m.change;
  const worstEnd = m.ci ? (higherIsBetter ? -m.ci[0] : m.ci[1]) : null;
  if (worse > threshold) return worstEnd !== null && worstEnd < threshold ? 'within' : 'regressed';
  return worstEnd !== null && worstEnd > threshold ? 'cant-tell' : 'within';
}

function cellVerdict(c: CellComparison, threshold: number): MetricVerdict {
  const v = [judgeMetric(c.rps, threshold, true), judgeMetric(c.p99Ms, threshold, false)];
  return v.includes('regressed') ? 'regressed' : v.includes('cant-tell') ? 'cant-tell' : 'within';
}

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
  const bad = cmp.cells.filter((c) => cellVerdict(c, threshold) === 'regressed');
  const unsure = cmp.cells.filter((c) => cellVerdict(c, threshold) === 'cant-tell');
  const compared = cmp.cells.length;
  if (bad.length || broken.length) return { state: 'regressed', threshold, compared, cells: bad, broken, unsure };
  return unsure.length ? { state: 'cant-tell', threshold, compared, cells: unsure } : { state: 'passed', threshold, compared };
}

export function gateExitCode(v: GateVerdict): number {
  if (v.state === 'regressed') return ExitCode.regression;
  if (v.state === 'cant-tell') return ExitCode.inconclusive;
  // Not a regression, but not a pass either: the input could not answer the question (exit 2).
  if (v.state === 'nothing-compared') return ExitCode.usage;
  return ExitCode.ok;
}

const pctText = (t: number) => `${+(t * 100).toFixed(2)}%`;
const cellsWord = (n: number) => `${n} cell${n > 1 ? 's' : ''}`;

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
      const unsure = v.unsure.length ? `; can't tell for ${cellsWord(v.unsure.length)}: ${v.unsure.map((c) => c.key).join('; ')}` : '';
      return `gate failed: ${parts.join('; and ')}${unsure}`;
    }
    case 'cant-tell':
      return `gate can't tell: no cell's median req/s fell, nor its median p99 rose, by more than ${pctText(v.threshold)}, but the 95% interval of ${cellsWord(v.cells.length)} (of ${v.compared} compared) reaches past it: ${v.cells.map((c) => c.key).join('; ')}; more repeats (--repeat) on both sides would decide`;
    case 'nothing-compared':
      return `gate failed: nothing was compared, so nothing was checked: ${v.reason}`;
  }
}

export const NOTHING_COMPARED_HINT =
  'run both sides with the same options (the same --config, or the same --targets, --scenarios, --workers and --connections), e.g. --quick on both';
