// The load generator's hot path per response, without the network: the scenario's check (parse
// and verify the body), counting into the tally (histogram record, facts), and both together, as
// the undici engine does for every response. What the generator can afford per response at 100k
// req/s is 10 µs of one core; these say how much of it is spent here.
import { builtinScenarios } from '../../scenarios/index.js';
import { Tally } from '../load/tally.js';
import type { ResponseTiming } from '../types.js';
import type { MicroTask } from './task.js';

export function loadgenTasks(): MicroTask[] {
  const sleep = builtinScenarios.find((s) => s.id === 'sleep')!;
  const longpoll = builtinScenarios.find((s) => s.id === 'longpoll')!;
  const sleepParams = { ms: 100 };
  const sleepBody = JSON.stringify({ scenario: 'sleep', ms: 100, pid: 4242, serverMs: 100.4 });
  const lpParams = { period_ms: 500, timeout_ms: 30_000 };
  const fired = 3_000_000 * 500;
  const lpBody = (after: number) =>
    JSON.stringify({
      scenario: 'longpoll',
      period_ms: 500,
      timeout_ms: 30_000,
      after,
      event: after + 1,
      firedAtMs: (after + 1) * 500,
      missed: 0,
      timedOut: false,
      pid: 4242,
      serverMs: 250.1,
    });
  const now = Date.now();
  const tally = new Tally(now - 1e9, now + 1e9, sleep.figures);
  const lpTally = new Tally(now - 1e9, now + 1e9, longpoll.figures);
  const timing: ResponseTiming = { sentAtMs: fired, headersMs: 3, doneMs: 3.2 };
  const state: Record<string, unknown> = {};
  let after = 3_000_000;
  const sleepOnce = () => {
    const r = sleep.check(200, sleepBody, sleepParams, state, timing);
    tally.record({ kind: 'response', status: 200, ok: r.ok, facts: r.ok ? r.facts : undefined, arrivedAtMs: now, latencyMs: 100.7 });
  };
  return [
    { group: 'loadgen', name: 'per response: sleep check (JSON.parse + fields)', fn: () => sleep.check(200, sleepBody, sleepParams, state, timing) },
    {
      group: 'loadgen',
      name: 'per response: count into the tally (histogram + facts)',
      fn: () => tally.record({ kind: 'response', status: 200, ok: true, facts: { pid: 4242, serverMs: 100.4 }, arrivedAtMs: now, latencyMs: 100.7 }),
    },
    { group: 'loadgen', name: 'per response: sleep check + count (the whole hot path)', fn: sleepOnce },
    {
      group: 'loadgen',
      name: 'per response: long-poll check + count (state, figures)',
      fn: () => {
        const st = { lastEvent: after };
        const r = longpoll.check(200, lpBody(after), lpParams, st, timing);
        lpTally.record({ kind: 'response', status: 200, ok: r.ok, facts: r.ok ? r.facts : undefined, arrivedAtMs: now, latencyMs: 250.3 });
        after++;
      },
    },
  ];
}
