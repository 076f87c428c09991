// One launch group: a target × workers, its cells one after another on one (re)used server:
// verify, measure, record; a server that died is relaunched, a backlog drained (ServerSession).
import path from 'node:path';
import { DRAIN_TIMEOUT_MS } from '../config/defaults.js';
import { BenchError } from '../errors.js';
import { ServerSession } from '../launcher/server-session.js';
import { erroredCell, measureCell } from './measure.js';
import type { LaunchGroup, PlannedCell } from '../plan/plan.js';
import type { RunStore } from '../results/store.js';
import type { CellHooks } from './run-hooks.js';
import type { RunDeps } from './deps.js';
import type { CellResult, ResolvedOptions, ScenarioDef, TargetDef } from '../types.js';
import { verifyScenario } from './verify.js';
import { serverCores, withCpuCeiling } from './cpu-ceiling.js';
import { withServerLogErrors } from './server-log-errors.js';

/** Runs the group's cells and returns how many errored. */
export async function runGroup(group: LaunchGroup, opts: ResolvedOptions, deps: RunDeps, store: RunStore, hooks: CellHooks): Promise<number> {
  const target = deps.catalog.targets.find((t) => t.name === group.target) as TargetDef;
  const scenarioOf = (c: PlannedCell) => deps.catalog.scenarios.find((s) => s.id === c.scenario) as ScenarioDef;
  const session = new ServerSession(target, group.workers, group.repeat, {
    opts,
    projectRoot: deps.projectRoot,
    logDir: path.join(store.dir, 'logs'),
    progress: deps.progress,
    drainTimeoutMs: DRAIN_TIMEOUT_MS,
    env: deps.targetEnv,
  });
  const record = (cell: CellResult) => {
    store.addCell(cell);
    deps.progress.cellEnd(cell);
    return cell.status === 'errored' ? 1 : 0;
  };
  let errored = 0;
  try {
    for (const [i, planned] of group.cells.entries()) {
      if (deps.signal.aborted) break;
      const scenario = scenarioOf(planned);
      const startedAt = new Date().toISOString();
      deps.progress.cellStart(planned);
      let cell: CellResult;
      try {
        await session.ensureUp();
        await verifyScenario(session.url(), target.name, scenario, planned.params, { timeoutMs: opts.timeoutS * 1000 });
        const logMark = session.logMark();
        cell = await measureCell(
          planned,
          target,
          scenario,
          { url: session.url(), pgid: session.pgid },
          { opts, hooks, progress: deps.progress, signal: deps.signal },
          startedAt,
        );
        const died = await session.diedDuringCell();
        if (died) cell = erroredCell(planned, target, scenario, opts, startedAt, died.error, died.logTail);
        else cell = withServerLogErrors(withCpuCeiling(cell, store.results.cells, serverCores(target, cell, opts)), session.logSince(logMark));
      } catch (e) {
        cell = erroredCell(planned, target, scenario, opts, startedAt, e, session.logTail());
        if (e instanceof BenchError && e.code === 'target-not-ready') {
          // The target cannot start: every remaining cell of this launch fails the same way.
          errored += record(cell);
          for (const rest of group.cells.slice(i + 1))
            errored += record({ ...erroredCell(rest, target, scenarioOf(rest), opts, new Date().toISOString(), e), error: cell.error });
          return errored;
        }
      }
      errored += record(cell);
      if (!deps.signal.aborted && i < group.cells.length - 1) await session.settle();
    }
  } finally {
    await session.stop();
  }
  return errored;
}
