// The matrix of cells a run measures, grouped by launch (target × workers) so a server is reused
// across its cells; with repeats each round is shuffled by a seed, so machine drift favours no target.
import type { CellKey, Params, ResolvedOptions, ScenarioDef, TargetDef } from '../types.js';
import { resolveParams } from '../../scenarios/define.js';
import type { LoadModel } from '../load/engine.js';
import { mulberry32 as prng } from '../stats/bootstrap.js';

export interface PlannedCell extends CellKey {
  threads: number | null;
  params: Params;
  /** The load model; undefined: closed with `connections`. */
  load?: LoadModel;
}

/** Cells that share one launch of a target with W workers: the server is reused across them. */
export interface LaunchGroup {
  target: string;
  workers: number | null;
  repeat: number;
  cells: PlannedCell[];
}

/** Seeded PRNG (mulberry32): the same seed gives the same shuffled order, so a run can be reproduced. */
export { prng };

function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/**
 * The matrix of cells, grouped by launch. With one repeat the order is the natural one (targets as
 * given, workers ascending). With repeats, each round visits the launch groups in a freshly
 * shuffled order, so slow drift of the machine does not favour one target.
 */
export function planRun(opts: ResolvedOptions, targets: TargetDef[], scenarios: ScenarioDef[]): LaunchGroup[] {
  const rand = prng(opts.seed);
  const groups: LaunchGroup[] = [];
  for (let repeat = 1; repeat <= opts.repeat; repeat++) {
    const round: LaunchGroup[] = [];
    for (const name of opts.targets) {
      const target = targets.find((t) => t.name === name);
      if (!target) continue;
      const workerCounts: Array<number | null> = target.kind === 'url' ? [null] : opts.workers;
      const threads = target.model === 'sync-threads' ? (target.kind === 'launch' ? opts.threads : (target.threads ?? null)) : null;
      for (const workers of workerCounts) {
        const cells: PlannedCell[] = [];
        for (const sid of opts.scenarios) {
          const scenario = scenarios.find((s) => s.id === sid);
          if (!scenario) continue;
          if (target.scenarios && !target.scenarios.includes(sid)) continue;
          if (scenario.families && !scenario.families.includes(target.family ?? '')) continue;
          const params = resolveParams(scenario.params, opts.params[sid]);
          for (const connections of opts.connections) {
            cells.push({ target: name, scenario: sid, workers, connections, repeat, threads, params });
          }
          for (const ratePerS of opts.rates ?? []) {
            cells.push(openCell({ target: name, scenario: sid, workers, repeat, threads, params }, ratePerS, opts.maxInflight));
          }
        }
        if (cells.length > 0) round.push({ target: name, workers, repeat, cells });
      }
    }
    groups.push(...(opts.repeat > 1 ? shuffle(round, rand) : round));
  }
  return groups;
}

/**
 * An open-model cell: requests arrive at ratePerS whatever the server does. Its `connections` is
 * maxInflight, the most requests the generator will hold in flight: that is what bounds the
 * requests a server can be working on, so the Little's-law ceiling (slots capped by connections)
 * stays right without a special case, and an async target's ceiling is maxInflight ÷ delay.
 */
export function openCell(base: Omit<PlannedCell, 'connections' | 'load'>, ratePerS: number, maxInflight: number): PlannedCell {
  return { ...base, connections: maxInflight, load: { model: 'open', ratePerS, maxInflight } };
}

export function countCells(groups: LaunchGroup[]): number {
  return groups.reduce((n, g) => n + g.cells.length, 0);
}
