// The sleep scenario: a handler that waits M ms without CPU (a timer, or a blocked worker): the
// purest case of slow I/O, with the ceiling workers × threads ÷ M (sync) or connections ÷ M (async).
import { ceilingFromDelay } from '../harness/theory/ceiling.js';
import { checkJson, defineScenario, expectField, expectServerFields, firstProblem, num, pythonBeside } from './define.js';

export default defineScenario({
  locustCheck: pythonBeside(import.meta.url, 'sleep.py'),
  id: 'sleep',
  title: 'Sleep (pure waiting)',
  explanation:
    'Each request waits a fixed time and does no work, standing in for a slow call to another service. ' +
    'An async server awaits a timer, so one worker can hold as many waiting requests as there are connections; ' +
    'a sync worker blocks for the whole wait and serves one request at a time (or one per thread). ' +
    "Little's law bounds throughput at concurrency ÷ delay: workers × threads ÷ delay for sync, connections ÷ delay for async.",
  params: {
    ms: { default: 100, unit: 'ms', description: 'time each request waits', min: 1, max: 60_000 },
  },
  request: (params) => ({ method: 'GET', path: `/sleep?ms=${num(params, 'ms')}` }),
  check(status, body, params) {
    const ms = num(params, 'ms');
    const res = checkJson(status, body, (j) => firstProblem(expectField(j, 'scenario', 'sleep'), expectField(j, 'ms', ms), expectServerFields(j)));
    return res.ok ? { ok: true, facts: { serverMs: res.json?.serverMs as number, pid: res.json?.pid as number } } : res;
  },
  floorLatencyMs: (params) => num(params, 'ms'),
  ceilingRps: ({ slots, params }) => ceilingFromDelay(slots, num(params, 'ms')) ?? undefined,
});
