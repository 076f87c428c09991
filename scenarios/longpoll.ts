import { checkJson, defineScenario, expectField, expectServerFields, firstProblem, num } from './define.js';

export default defineScenario({
  id: 'longpoll',
  title: 'Long-polling',
  explanation:
    'Each connection asks for the next event and is held until it fires. Events fire every period on the wall ' +
    'clock (event N at N × period), the same in every process, so no broker is needed. Each connection sends the ' +
    'last event it saw, so the harness measures delivery lag (arrival − fire time) and counts events a connection ' +
    'missed. An async server holds every connection at once; a sync worker holds one, and the others wait their turn ' +
    'and miss events. Ceiling: concurrency ÷ period.',
  params: {
    period_ms: { default: 500, unit: 'ms', description: 'time between events', min: 10, max: 60_000 },
    timeout_ms: { default: 30_000, unit: 'ms', description: 'longest a request is held', min: 1, max: 120_000 },
  },
  request: (params, state) => {
    const after = typeof state.lastEvent === 'number' ? state.lastEvent : 0;
    return {
      method: 'GET',
      path: `/longpoll?after=${after}&timeout_ms=${num(params, 'timeout_ms')}&period_ms=${num(params, 'period_ms')}`,
    };
  },
  check(status, body, params, state) {
    const period = num(params, 'period_ms');
    const after = typeof state.lastEvent === 'number' ? state.lastEvent : 0;
    const res = checkJson(status, body, (j) => {
      const base = firstProblem(
        expectField(j, 'scenario', 'longpoll'),
        expectField(j, 'period_ms', period),
        expectField(j, 'timeout_ms', num(params, 'timeout_ms')),
        expectField(j, 'after', after),
        expectServerFields(j),
      );
      if (base) return base;
      if (j.timedOut === true) return j.event === null ? null : 'timed out but event is not null';
      if (!Number.isInteger(j.event) || (j.event as number) <= after) {
        return `event is ${JSON.stringify(j.event)}, expected an integer after ${after}`;
      }
      const event = j.event as number;
      if (j.firedAtMs !== event * period) return `firedAtMs is ${JSON.stringify(j.firedAtMs)}, expected ${event * period}`;
      const missed = after > 0 ? Math.max(0, event - after - 1) : 0;
      return expectField(j, 'missed', missed);
    });
    if (!res.ok) return res;
    const j = res.json ?? {};
    if (typeof j.event === 'number') state.lastEvent = j.event;
    return {
      ok: true,
      facts: {
        serverMs: j.serverMs as number,
        pid: j.pid as number,
        firedAtMs: (j.firedAtMs as number | null) ?? null,
        missed: (j.missed as number) ?? 0,
        timedOut: j.timedOut === true ? 1 : 0,
      },
    };
  },
  windowQuantumMs: (params) => num(params, 'period_ms'),
  // A request can arrive just before its event fires, so there is no latency floor.
  floorLatencyMs: () => undefined,
  ceilingRps: ({ slots, params }) => slots / (num(params, 'period_ms') / 1000),
});
