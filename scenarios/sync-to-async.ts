// A sync-only library call inside an async view (issue 11): `calls` blocking calls of `ms` per
// request, made natively (an async equivalent), through sync_to_async(thread_sensitive=True), or
// through sync_to_async(thread_sensitive=False). Django only: the question is asgiref's.
import os from 'node:os';
import type { ConcurrencyModel, Params } from '../harness/types.js';
import { checkJson, defineScenario, expectField, expectServerFields, firstProblem, num } from './define.js';

const MODES = ['native', 'sensitive', 'insensitive'] as const;

/**
 * Threads of asyncio's default executor per process (ThreadPoolExecutor: min(32, cpu_count + 4)),
 * where thread_sensitive=False calls run. The servers run on this machine, so its core count.
 */
export function defaultExecutorThreads(cores = os.cpus().length): number {
  return Math.min(32, cores + 4);
}

interface Ctx {
  model?: ConcurrencyModel | null;
  views?: 'async' | 'sync' | null;
}

/** Do the request's calls overlap? Only in an async view, and not on one thread-sensitive thread. */
function overlaps(params: Params, ctx: Ctx | undefined): boolean {
  const syncViews = ctx?.views ? ctx.views === 'sync' : ctx?.model !== undefined && ctx.model !== null && ctx.model !== 'async';
  return !syncViews && params.mode !== 'sensitive';
}

function perRequestMs(params: Params, ctx: Ctx | undefined): number {
  return overlaps(params, ctx) ? num(params, 'ms') : num(params, 'calls') * num(params, 'ms');
}

export default defineScenario({
  id: 'sync-to-async',
  title: 'sync_to_async inside an async view',
  explanation:
    'Each request makes `calls` calls (gathered) to a sync-only library function that blocks its thread for `ms`, the ' +
    'way an async view must when a library has no async API. native: an async equivalent is awaited (no thread). ' +
    "sensitive: `await sync_to_async(fn)()`, thread_sensitive=True, the default. Under Django's ASGIHandler every " +
    'request runs in its own ThreadSensitiveContext, so each request gets one thread of its own and its calls run on ' +
    'it one after another even when gathered: thread-sensitive mode serialises the calls of a request (≈ calls × ms ' +
    'each, "calls did not overlap" counts them), not the requests of a process; outside a request (a management ' +
    'command, a background task) it serialises every call of the process on one thread. insensitive: ' +
    "thread_sensitive=False runs the calls on the event loop's default executor, whose min(32, cores + 4) threads per " +
    "process every request shares: one request's calls overlap (≈ ms), but the process runs at most that many at once, " +
    'so throughput stops at threads × workers ÷ (calls × ms) however many connections wait. Sync views make the calls ' +
    'one after another on their worker. Choose the mode with --param sync-to-async.mode=native|sensitive|insensitive; ' +
    'threads are in the resources.',
  params: {
    mode: {
      default: 'sensitive',
      description: 'native | sensitive (thread_sensitive=True) | insensitive (thread_sensitive=False)',
      choices: MODES,
    },
    ms: { default: 100, unit: 'ms', description: 'time each blocking call takes', min: 1, max: 60_000 },
    calls: { default: 2, description: 'blocking calls per request, gathered', min: 1, max: 20 },
  },
  families: ['django'],
  request: (params) => ({ method: 'GET', path: `/sync-to-async?mode=${String(params.mode)}&ms=${num(params, 'ms')}&calls=${num(params, 'calls')}` }),
  figures: {
    serialised: {
      kind: 'sum',
      title: 'Calls did not overlap',
      unit: 'requests',
      description:
        "requests with more than one call whose handler took at least calls × ms: a sync view, the one thread-sensitive thread of a request, or calls queued for the default executor's threads",
    },
  },
  check(status, body, params) {
    const ms = num(params, 'ms');
    const calls = num(params, 'calls');
    const mode = String(params.mode);
    const res = checkJson(status, body, (j) =>
      firstProblem(
        MODES.includes(mode as (typeof MODES)[number]) ? null : `mode "${mode}" is not one of ${MODES.join(', ')}`,
        expectField(j, 'scenario', 'sync-to-async'),
        expectField(j, 'mode', mode),
        expectField(j, 'ms', ms),
        expectField(j, 'calls', calls),
        Number.isInteger(j.threadsUsed) ? null : `threadsUsed is ${JSON.stringify(j.threadsUsed)}, expected an integer`,
        expectServerFields(j),
      ),
    );
    if (!res.ok) return res;
    const j = res.json ?? {};
    const serverMs = j.serverMs as number;
    return { ok: true, facts: { serverMs, pid: j.pid as number, serialised: calls > 1 && serverMs >= calls * ms * 0.98 ? 1 : 0 } };
  },
  floorLatencyMs: (params, ctx) => perRequestMs(params, ctx),
  ceilingRps: (ctx) => {
    const byConcurrency = ctx.slots / (perRequestMs(ctx.params, ctx) / 1000);
    // thread_sensitive=False: every call of a process shares the default executor's threads.
    if (ctx.params.mode !== 'insensitive' || !overlaps(ctx.params, ctx) || !ctx.workers) return byConcurrency;
    const byExecutor = (ctx.workers * defaultExecutorThreads()) / ((num(ctx.params, 'calls') * num(ctx.params, 'ms')) / 1000);
    return Math.min(byConcurrency, byExecutor);
  },
  defaultSuite: false,
});
