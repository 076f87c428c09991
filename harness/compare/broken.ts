// Cells that broke in B (the change): healthy in A, and in B errored, invalid, or with failed
// requests. A threshold on req/s cannot see them (an errored cell has no req/s to compare; an
// invalid one's figures are not to be trusted), so the gate counts them on their own. Pure.
import type { CellResult, Results } from '../types.js';

export interface BrokenCell {
  key: string;
  target: string;
  scenario: string;
  workers: number | null;
  /** Closed model: the connections; open model: null (the key names the rate). */
  connections: number | null;
  ratePerS: number | null;
  /** What went wrong in B, one entry per kind: `errored: <code> (<message>)`, `invalid: <codes>`, `<n> failed requests (…)`. */
  problems: string[];
  /** When A was not healthy either (invalid or errored there too): why; the cell is then a note, not a regression. */
  alsoInA: string | null;
}

const failedOf = (c: CellResult) => c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed;
const short = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

function erroredText(cells: CellResult[]): string | null {
  const bad = cells.filter((c) => c.status !== 'completed');
  if (!bad.length) return null;
  const codes = [...new Set(bad.map((c) => (c.error ? `${c.error.code} (${short(c.error.message)})` : c.status)))];
  return `${bad[0]?.status === 'aborted' && bad.every((c) => c.status === 'aborted') ? 'aborted' : 'errored'}: ${codes.join('; ')}`;
}

function invalidText(cells: CellResult[]): string | null {
  const bad = cells.filter((c) => c.status === 'completed' && !c.valid);
  if (!bad.length) return null;
  const codes = [...new Set(bad.flatMap((c) => c.validity.filter((v) => v.severity === 'error').map((v) => v.code)))];
  return `invalid: ${codes.join(', ') || 'no code recorded'}`;
}

function failedText(cells: CellResult[]): string | null {
  const done = cells.filter((c) => c.status === 'completed');
  const total = done.reduce((s, c) => s + failedOf(c), 0);
  if (total === 0) return null;
  const sum = (k: keyof CellResult['requests']) => done.reduce((s, c) => s + c.requests[k], 0);
  const parts = (['non2xx', 'timeouts', 'connErrors', 'verifyFailed'] as const).filter((k) => sum(k) > 0).map((k) => `${k} ${sum(k)}`);
  return `${total} failed request${total > 1 ? 's' : ''} (${parts.join(', ')})`;
}

/**
 * Every key of A whose cells all completed valid, and whose B cells errored, were invalid, or
 * failed requests that A's did not (a valid cell may fail up to 1% of its requests: more of them
 * in B than in A is the threshold's business, none to some is a break). Keys broken in both runs
 * are returned too, with `alsoInA`, so that the renderers can say why they do not count.
 */
export function brokenCells(a: Results, b: Results, keyOf: (c: CellResult) => string): BrokenCell[] {
  const group = (r: Results) => {
    const m = new Map<string, CellResult[]>();
    for (const c of r.cells) m.set(keyOf(c), [...(m.get(keyOf(c)) ?? []), c]);
    return m;
  };
  const ga = group(a);
  const gb = group(b);
  const out: BrokenCell[] = [];
  for (const [key, ca] of ga) {
    const cb = gb.get(key);
    if (!cb) continue;
    const aFailed = failedText(ca);
    const problems = [erroredText(cb), invalidText(cb), aFailed ? null : failedText(cb)].filter((p): p is string => p !== null);
    if (!problems.length) continue;
    const aWrong = [erroredText(ca), invalidText(ca)].filter((p): p is string => p !== null);
    const first = (cb.find((c) => c.status === 'completed') ?? cb[0]) as CellResult;
    out.push({
      key,
      target: first.target,
      scenario: first.scenario,
      workers: first.workers,
      connections: first.open ? null : first.connections,
      ratePerS: first.open?.ratePerS ?? null,
      problems,
      alsoInA: aWrong.length ? aWrong.join('; ') : null,
    });
  }
  return out;
}

/** One line per cell: `node-async sleep w=1 c=10: errored: server-exited (…)`. */
export const brokenLine = (c: BrokenCell) => `${c.key}: ${c.problems.join('; ')}${c.alsoInA ? ` (A: ${aSide(c)})` : ''}`;

/** What A had, or `the same` when it is B's problem word for word. */
export const aSide = (c: BrokenCell) => (c.alsoInA === c.problems.join('; ') ? 'the same' : (c.alsoInA ?? ''));
