// A generator worker in its own process (--loadgen-workers N, or a pinned generator): the
// coordinator in engine.ts sends the plan, the window and "finish" over IPC; this process sends
// back "warm", progress, and its tally. It exits when its parent goes away, so it is never orphaned.
import { Generator, type GeneratorPlan, type GeneratorResult } from './generator.js';
import { scenarioFromOrigin, type ScenarioOrigin } from './scenario-origin.js';

export type ChildPlan = Omit<GeneratorPlan, 'scenario'> & { origin: ScenarioOrigin };

export type ToChild = { t: 'start'; plan: ChildPlan } | { t: 'window'; startMs: number; endMs: number } | { t: 'finish' };
export type FromChild =
  { t: 'warm' } | { t: 'progress'; ok: number; failed: number } | { t: 'result'; result: GeneratorResult } | { t: 'error'; message: string };

const send = (m: FromChild) => process.send?.(m);
let started: Promise<Generator> | null = null;
let progress: NodeJS.Timeout | null = null;

async function start(plan: ChildPlan): Promise<Generator> {
  const { origin, ...rest } = plan;
  const gen = new Generator({ ...rest, scenario: await scenarioFromOrigin(origin) }, () => send({ t: 'warm' }));
  gen.start();
  progress = setInterval(() => send({ t: 'progress', ...gen.live() }), 500);
  return gen;
}

const fail = (e: unknown) => send({ t: 'error', message: (e as Error).message });

process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal reaches the whole foreground group, this worker included: the harness
// stops it (and keeps its finished figures), so the worker itself must not die first.
process.on('SIGINT', () => {});
process.on('SIGHUP', () => {});
process.on('message', (m: ToChild) => {
  // Messages are handled in order even though start-up is asynchronous (a scenario module may load).
  if (m.t === 'start') {
    started = start(m.plan);
    started.catch(fail);
    return;
  }
  if (!started) return fail(new Error(`"${m.t}" before "start"`));
  if (m.t === 'window') void started.then((g) => g.setWindow(m.startMs, m.endMs), fail);
  else if (m.t === 'finish') {
    void started
      .then(async (g) => {
        if (progress) clearInterval(progress);
        send({ t: 'result', result: await g.finish() });
        process.disconnect?.();
      })
      .catch(fail);
  }
});
