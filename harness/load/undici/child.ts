// A generator worker in its own process (--loadgen-workers N, or a pinned generator): the
// coordinator in engine.ts sends the plan, then (once every worker has booted) the common start
// instant, the window and "finish" over IPC; this process says when it is ready, sends back "warm",
// progress, its in-flight token traffic (inflight-budget.ts) and its tally. It exits when its
// parent goes away, so it is never orphaned.
import { Generator, type GeneratorPlan } from './generator.js';
import type { GeneratorResult } from './generator.js';
import { TokenBudget, type BudgetToCoordinator, type BudgetToWorker } from './inflight-budget.js';
import { scenarioFromOrigin, type ScenarioOrigin } from './scenario-origin.js';

export type ChildPlan = Omit<GeneratorPlan, 'scenario'> & { origin: ScenarioOrigin };

export type ToChild =
  | { t: 'plan'; plan: ChildPlan }
  | { t: 'go'; atMs: number }
  | { t: 'window'; startMs: number; endMs: number }
  | { t: 'finish' }
  | { t: 'budget'; m: BudgetToWorker };
export type FromChild =
  | { t: 'ready' }
  | { t: 'warm' }
  | { t: 'progress'; ok: number; failed: number }
  | { t: 'result'; result: GeneratorResult }
  | { t: 'error'; message: string }
  | { t: 'budget'; m: BudgetToCoordinator };

const send = (m: FromChild) => process.send?.(m);
let booted: Promise<Generator> | null = null;
let budget: TokenBudget | null = null;
let progress: NodeJS.Timeout | null = null;

/** Everything that takes time (a scenario module may load) happens here, before the coordinator picks the start instant. */
async function boot(plan: ChildPlan): Promise<Generator> {
  const { origin, ...rest } = plan;
  const scenario = await scenarioFromOrigin(origin);
  if (plan.load.model === 'open') budget = new TokenBudget(plan.load.maxInflight, (m) => send({ t: 'budget', m }));
  const gen = new Generator({ ...rest, scenario }, () => send({ t: 'warm' }), budget ?? undefined);
  send({ t: 'ready' });
  return gen;
}

const fail = (e: unknown) => send({ t: 'error', message: (e as Error).message });

process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal reaches the whole foreground group, this worker included: the harness
// stops it (and keeps its finished figures), so the worker itself must not die first.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.on('message', (m: ToChild) => {
  // Messages are handled in order even though booting is asynchronous.
  if (m.t === 'plan') {
    booted = boot(m.plan);
    booted.catch(fail);
    return;
  }
  if (m.t === 'budget') return budget?.receive(m.m);
  if (!booted) return fail(new Error(`"${m.t}" before "plan"`));
  if (m.t === 'go') {
    void booted.then((g) => {
      g.start(m.atMs);
      progress = setInterval(() => send({ t: 'progress', ...g.live() }), 500);
    }, fail);
  } else if (m.t === 'window') void booted.then((g) => g.setWindow(m.startMs, m.endMs), fail);
  else if (m.t === 'finish') {
    void booted
      .then(async (g) => {
        if (progress) clearInterval(progress);
        send({ t: 'result', result: await g.finish() });
        process.disconnect?.();
      })
      .catch(fail);
  }
});
