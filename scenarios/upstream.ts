// A view that calls another HTTP service (issue 11): `fanout` calls to an upstream's /sleep?ms=M.
// The harness starts the upstream (harness/launcher/upstream.ts) because the scenario says it
// needs one; async views make the calls together, sync views one after another.
import type { ConcurrencyModel } from '../harness/types.js';
import { checkJson, defineScenario, expectField, expectServerFields, firstProblem, num } from './define.js';

/** The calls run one after another unless the views are async (asyncio.gather, Promise.all). */
function sequential(ctx: { model?: ConcurrencyModel | null; views?: 'async' | 'sync' | null } | undefined): boolean {
  if (ctx?.views) return ctx.views === 'sync';
  return ctx?.model !== undefined && ctx.model !== null && ctx.model !== 'async';
}

/** Time one request takes at least: ms when the calls overlap, fanout × ms when they do not. */
function perRequestMs(params: Record<string, unknown>, seq: boolean): number {
  const ms = num(params as never, 'ms');
  return seq ? num(params as never, 'fanout') * ms : ms;
}

/** The clients Django's async views can use (servers/CONTRACT.md); the first is the default. */
const CLIENTS = ['aiohttp', 'httpx'] as const;

/** Every server names the client it used; one of the choosable ones must be the one asked for. */
function checkClient(client: unknown, asked: string): string | null {
  if (typeof client !== 'string' || client === '') return `client is ${JSON.stringify(client)}, expected the name of the HTTP client used`;
  if ((CLIENTS as readonly string[]).includes(client) && client !== asked) return `client is "${client}", expected "${asked}" (the client asked for)`;
  return null;
}

function checkCalls(calls: unknown, fanout: number, ms: number): string | null {
  if (!Array.isArray(calls)) return 'calls is not an array';
  if (calls.length !== fanout) return `${calls.length} upstream calls, expected ${fanout}`;
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i] as Record<string, unknown>;
    if (c?.ms !== ms) return `calls[${i}].ms is ${JSON.stringify(c?.ms)}, expected ${ms}`;
    if (typeof c.callMs !== 'number' || c.callMs < ms) return `calls[${i}].callMs is ${JSON.stringify(c.callMs)}, expected a number ≥ ${ms}`;
  }
  return null;
}

export default defineScenario({
  id: 'upstream',
  title: 'Upstream API calls',
  explanation:
    'Each request calls an upstream HTTP service `fanout` times (its /sleep?ms=M; the harness starts a Node async ' +
    'server on loopback as the upstream, once per run), the most common reason teams move views to async. Async views ' +
    'make the calls together (Django: one httpx.AsyncClient per process with asyncio.gather; Node: Promise.all on a ' +
    'keep-alive agent), so a request takes about M; sync views make them one after another (httpx.Client; Node blocks ' +
    'its process on each call), so a request takes about fanout × M. Async wins per-request latency, not only ' +
    'throughput: the floor is M for async views and fanout × M for sync ones, and the ceiling is concurrency ÷ M for ' +
    'async and concurrency ÷ (fanout × M) for sync. "Upstream call" is each call as the view timed it: above M it shows ' +
    "the client, the upstream or the shared CPU adding time. The HTTP client's CPU counts, and the client decides " +
    'whether async Django wins here: its async views use aiohttp by default (--param upstream.client=httpx for ' +
    "httpx.AsyncClient). httpx 0.28.1's pool (httpcore 1.0.9) walks every pooled connection for every idle one on each " +
    'request, so its CPU per call grows with the calls in flight in one process: 300 gathered calls on a warm pool took ' +
    '25 CPU-seconds with httpx against 0.06 s with aiohttp (encode/httpx#3215). With httpx at 100 connections one ' +
    'worker is CPU-bound on the client long before the ceiling; read CPU per request.',
  params: {
    fanout: { default: 3, description: 'upstream calls per request', min: 1, max: 20 },
    ms: { default: 100, unit: 'ms', description: 'time the upstream takes per call', min: 1, max: 60_000 },
    client: {
      default: 'aiohttp',
      description: "Django async views' HTTP client: aiohttp | httpx (sync views use httpx.Client; Node its own)",
      choices: CLIENTS,
    },
  },
  // The Node async reference server's /sleep?ms=M stands in for a slow API: one event loop holds any
  // number of waiting calls, and on 2 cores every extra process competes with the server under test.
  needs: {
    services: [
      { name: 'upstream', target: 'node-async', workers: 1, urlEnv: 'ASYNCBENCH_UPSTREAM_URL', description: 'the slow API the upstream scenario calls' },
    ],
  },
  request: (params) => ({ method: 'GET', path: `/upstream?fanout=${num(params, 'fanout')}&ms=${num(params, 'ms')}&client=${String(params.client)}` }),
  figures: {
    upstreamCallMs: {
      kind: 'histogram',
      title: 'Upstream call',
      unit: 'ms',
      description: 'one upstream call as the view timed it (the upstream itself waits ms)',
    },
  },
  check(status, body, params) {
    const fanout = num(params, 'fanout');
    const ms = num(params, 'ms');
    const res = checkJson(status, body, (j) =>
      firstProblem(
        expectField(j, 'scenario', 'upstream'),
        expectField(j, 'fanout', fanout),
        expectField(j, 'ms', ms),
        typeof j.concurrent === 'boolean' ? null : `concurrent is ${JSON.stringify(j.concurrent)}, expected true or false`,
        expectServerFields(j),
        checkClient(j.client, String(params.client)),
        checkCalls(j.calls, fanout, ms),
      ),
    );
    if (!res.ok) return res;
    const j = res.json ?? {};
    return {
      ok: true,
      facts: { serverMs: j.serverMs as number, pid: j.pid as number, upstreamCallMs: (j.calls as Array<{ callMs: number }>).map((c) => c.callMs) },
    };
  },
  floorLatencyMs: (params, ctx) => perRequestMs(params, sequential(ctx)),
  ceilingRps: (ctx) => ctx.slots / (perRequestMs(ctx.params, sequential(ctx)) / 1000),
  defaultSuite: false,
});
