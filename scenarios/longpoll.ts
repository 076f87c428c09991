// The long-poll scenario: event N fires at N × period on the wall clock, the same in every process;
// a request waits for the next event after the one it names, so throughput is connections ÷ period.
import { checkJson, defineScenario, expectField, expectServerFields, firstProblem, num, pythonBeside } from './define.js';

export default defineScenario({
  locustCheck: pythonBeside(import.meta.url, 'longpoll.py'),
  id: 'longpoll',
  title: 'Long-polling',
  explanation:
    'Each connection asks for the events after the last one it saw (`after`). Events fire every period on the wall ' +
    'clock (event N at N × period), the same in every process, so no broker is needed. A request whose cursor is ' +
    "already behind (an event after it has fired, e.g. while it sat in a sync worker's queue) is answered at once " +
    'with the latest event; an up-to-date one is held until the next event. So a sync worker holds one request per ' +
    'event and, once it fires, sweeps every queued request at once: throughput is connections ÷ period for every ' +
    'model, and the cost of a sync worker shows as delivery lag (arrival − fire time, about queue position × ' +
    'service time ÷ workers) and, once that sweep outlasts a period, as missed events and less than the ceiling. ' +
    'Ceiling: connections ÷ period (each connection gets at most one answer per event); no latency floor.',
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
  figures: {
    deliveryLagMs: { kind: 'histogram', title: 'Delivery lag', unit: 'ms', description: 'from the event firing to the answer arriving at the client' },
    missedEvents: {
      kind: 'sum',
      title: 'Missed events',
      unit: 'events',
      description: 'events a connection never saw because its request was queued when they fired',
    },
    timedOut: { kind: 'sum', title: 'Held until timeout', unit: 'requests', description: 'requests answered by timeout_ms with no event' },
  },
  check(status, body, params, state, timing) {
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
    const firedAtMs = typeof j.firedAtMs === 'number' ? j.firedAtMs : null;
    return {
      ok: true,
      facts: {
        serverMs: j.serverMs as number,
        pid: j.pid as number,
        deliveryLagMs: firedAtMs !== null && timing ? Math.max(0, timing.sentAtMs + timing.doneMs - firedAtMs) : null,
        missedEvents: (j.missed as number) ?? 0,
        timedOut: j.timedOut === true ? 1 : 0,
      },
    };
  },
  windowQuantumMs: (params) => num(params, 'period_ms'),
  // No latency floor: a held request can arrive just before its event fires, and a request that is
  // behind is answered at once.
  floorLatencyMs: () => undefined,
  // Connections ÷ period for every model, not workers ÷ period: a correct server answers a client
  // that is behind at once (servers/CONTRACT.md), so a sync worker is held by one request per event
  // and answers the rest of its queue as soon as the event has fired. Each answer carries a newer
  // event than the connection's last, and one event fires per period, so no connection can get
  // more than one answer per period. Below it, a sync target's sweep (queue × service time ÷
  // workers) has outlasted a period.
  ceilingRps: ({ connections, params }) => connections / (num(params, 'period_ms') / 1000),
});
