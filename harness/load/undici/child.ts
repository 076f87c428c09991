// A generator worker in its own process (--loadgen-workers N, or a pinned generator): the
// coordinator in engine.ts sends the plan, the window and "finish" over IPC; this process sends
// back "warm", progress, and its tally. It exits when its parent goes away, so it is never orphaned.
import { Generator, type GeneratorPlan } from './generator.js';
import { scenarioFromOrigin, type ScenarioOrigin } from './scenario-origin.js';

export type ChildPlan = Omit<GeneratorPlan, 'scenario'> & { origin: ScenarioOrigin };

export type ToChild = { t: 'start'; plan: ChildPlan } | { t: 'window'; startMs: number; endMs: number } | { t: 'finish' };
export type FromChild =
  | { t: 'warm' }
  | { t: 'progress'; ok: number; failed: number }
  | { t: 'result'; result: import('./generator.js').GeneratorResult }
  | { t: 'error'; message: string };

const send = (m: FromChild) => process.send?.(m);
let gen: Generator | null = null;
let progress: NodeJS.Timeout | null = null;

process.on('disconnect', () => process.exit(0));
process.on('message', (m: ToChild) => {
  try {
    if (m.t === 'start') {
      const { origin, ...rest } = m.plan;
      gen = new Generator({ ...rest, scenario: scenarioFromOrigin(origin) }, () => send({ t: 'warm' }));
      gen.start();
      progress = setInterval(() => gen && send({ t: 'progress', ...gen.live() }), 500);
    } else if (m.t === 'window') {
      gen?.setWindow(m.startMs, m.endMs);
    } else if (m.t === 'finish' && gen) {
      if (progress) clearInterval(progress);
      void gen.finish().then(
        (result) => {
          send({ t: 'result', result });
          process.disconnect?.();
        },
        (e: Error) => send({ t: 'error', message: e.message }),
      );
    }
  } catch (e) {
    send({ t: 'error', message: (e as Error).message });
  }
});
