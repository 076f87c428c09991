// From the capacity table to the answer: how many workers a target needs to hold what another holds
// at the same goal, and what that costs in processes, threads and memory. Pure.
import type { BillRow, CapacityRow, SizingPrediction, TargetSummary } from '../types.js';

const sideOf = (t: TargetSummary | undefined): 'async' | 'sync' | null =>
  t?.views ?? (t?.model === 'async' ? 'async' : t?.model === 'sync-process' || t?.model === 'sync-threads' ? 'sync' : null);
// A target pairs only with its declared family: a name prefix is not a family (issue 24).
const familyOf = (t: TargetSummary | undefined) => t?.family ?? null;

const searched = (rows: CapacityRow[]) => rows.filter((r) => !r.verify);

/**
 * For each scenario and async target (at its largest measured worker count), the worker count each
 * sync target of its family needs for the same rate at the same goal: the smallest measured count
 * that held it, else an extrapolation from the per-worker rate at the largest measured count
 * (marked so, with that rate).
 */
export function predictWorkers(capacity: CapacityRow[], targets: TargetSummary[]): SizingPrediction[] {
  const rows = searched(capacity);
  const info = (n: string) => targets.find((t) => t.name === n);
  const out: SizingPrediction[] = [];
  for (const scenario of [...new Set(rows.map((r) => r.scenario))]) {
    const here = rows.filter((r) => r.scenario === scenario);
    const names = [...new Set(here.map((r) => r.target))];
    for (const a of names.filter((n) => sideOf(info(n)) === 'async')) {
      const ref = here.filter((r) => r.target === a && r.maxRatePerS !== null).sort((x, y) => (y.workers ?? 0) - (x.workers ?? 0))[0];
      if (!ref) continue;
      const reference = { target: a, workers: ref.workers, ratePerS: ref.maxRatePerS as number };
      for (const s of names.filter((n) => sideOf(info(n)) === 'sync' && familyOf(info(n)) !== null && familyOf(info(n)) === familyOf(info(a)))) {
        const mine = here.filter((r) => r.target === s && r.workers !== null).sort((x, y) => (x.workers as number) - (y.workers as number));
        const base = { scenario, slo: ref.slo, reference, target: s };
        const held = mine.find((r) => (r.maxRatePerS ?? 0) >= reference.ratePerS);
        if (held) {
          out.push({
            ...base,
            workers: held.workers,
            extrapolated: false,
            perWorkerRatePerS: (held.maxRatePerS as number) / (held.workers as number),
            basisWorkers: held.workers,
          });
          continue;
        }
        const basis = [...mine].reverse().find((r) => (r.maxRatePerS ?? 0) > 0);
        if (!basis) {
          out.push({
            ...base,
            workers: null,
            extrapolated: false,
            perWorkerRatePerS: null,
            basisWorkers: null,
            reason: `${s} met the goal at no measured worker count`,
          });
          continue;
        }
        const perWorker = (basis.maxRatePerS as number) / (basis.workers as number);
        out.push({
          ...base,
          workers: Math.ceil(reference.ratePerS / perWorker - 1e-9),
          extrapolated: true,
          perWorkerRatePerS: perWorker,
          basisWorkers: basis.workers,
        });
      }
    }
  }
  return out;
}

/** Least-squares line y = a + b·x; with one point, through the origin. */
export function fitLine(points: Array<[number, number]>): { a: number; b: number } | null {
  if (points.length === 0) return null;
  if (points.length === 1) {
    const [x, y] = points[0] as [number, number];
    return x > 0 ? { a: 0, b: y / x } : null;
  }
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  if (sxx === 0) return { a: my, b: 0 };
  const b = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
  return { a: my - b * mx, b };
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The bill: processes, threads and RSS at each measured worker count (at its capacity rate), and
 * at each predicted count, from a line fitted to the measured counts (a fixed part, such as a
 * master process, plus a part per worker; the slope is the RSS per worker).
 */
export function buildBill(capacity: CapacityRow[], predictions: SizingPrediction[]): BillRow[] {
  const rows = searched(capacity).filter((r) => r.workers !== null && r.at);
  const out: BillRow[] = [];
  for (const key of [...new Set(rows.map((r) => `${r.target}\u0000${r.scenario}`))]) {
    const [target, scenario] = key.split('\u0000') as [string, string];
    const mine = rows.filter((r) => r.target === target && r.scenario === scenario).sort((a, b) => (a.workers as number) - (b.workers as number));
    const pts = (get: (r: CapacityRow) => number | null | undefined) =>
      mine.flatMap((r) => {
        const v = get(r);
        return v === null || v === undefined ? [] : [[r.workers as number, v] as [number, number]];
      });
    const rss = fitLine(pts((r) => r.at?.rssMiB));
    const procs = fitLine(pts((r) => r.at?.processes));
    const threads = fitLine(pts((r) => r.at?.threads));
    const perWorker = rss ? r1(rss.b) : null;
    for (const r of mine) {
      out.push({
        target,
        scenario,
        workers: r.workers as number,
        kind: 'measured',
        processes: r.at?.processes ?? null,
        threads: r.at?.threads ?? null,
        rssMiB: r.at?.rssMiB ?? null,
        rssPerWorkerMiB: perWorker,
      });
    }
    for (const p of predictions.filter((x) => x.target === target && x.scenario === scenario && x.workers !== null && x.extrapolated)) {
      const w = p.workers as number;
      if (out.some((b) => b.target === target && b.scenario === scenario && b.workers === w)) continue;
      const at = (f: { a: number; b: number } | null, round: (x: number) => number) => (f ? round(f.a + f.b * w) : null);
      out.push({
        target,
        scenario,
        workers: w,
        kind: 'predicted',
        processes: at(procs, Math.round),
        threads: at(threads, Math.round),
        rssMiB: at(rss, r1),
        rssPerWorkerMiB: perWorker,
      });
    }
  }
  return out;
}
