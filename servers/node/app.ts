// The HTTP app of servers/CONTRACT.md, the same for both models: only the Handlers differ.
import http from 'node:http';
import type { Model } from './flags.js';
import type { Handlers } from './handlers.js';
import { BadRequest, intParam } from './params.js';
import { serveStream, STREAM_PATH } from './stream.js';
import { ServiceError, upstream } from './upstream.js';

type Body = Record<string, unknown>;

function send(res: http.ServerResponse, status: number, body: Body): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function route(path: string, q: URLSearchParams, model: Model, h: Handlers): Promise<Body | null> {
  switch (path) {
    case '/health':
      return { status: 'ok', server: 'node', views: model, pid: process.pid };
    case '/sleep': {
      const ms = intParam(q, 'ms', 100, 0, 60_000);
      await h.sleep(ms);
      return { scenario: 'sleep', ms };
    }
    case '/db': {
      const rows = intParam(q, 'rows', 20, 1, 500);
      const delayMs = intParam(q, 'delay_ms', 50, 0, 60_000);
      const r = await h.db(rows, delayMs);
      return { scenario: 'db', rows, delay_ms: delayMs, sleepCalls: r.sleepCalls, books: r.books };
    }
    case '/longpoll':
      return longpoll(q, h);
    case '/upstream':
      return upstream(q, model);
    default:
      return null;
  }
}

async function longpoll(q: URLSearchParams, h: Handlers): Promise<Body> {
  const after = intParam(q, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
  const timeoutMs = intParam(q, 'timeout_ms', 30_000, 1, 120_000);
  const period = intParam(q, 'period_ms', 500, 10, 60_000);
  const base = { scenario: 'longpoll', after, period_ms: period, timeout_ms: timeoutMs };
  const arrived = Date.now();
  // Event E fires at E × period on the wall clock, the same in every process: no broker needed.
  const latest = Math.floor(arrived / period);
  const missed = (event: number) => (after > 0 ? Math.max(0, event - after - 1) : 0);
  // A client that is behind (an event after its cursor has fired, e.g. while the request sat in a
  // sync worker's queue; after=0 has seen none) gets the latest event at once: holding it for the
  // next one would make it miss an event that exists, and would cap a sync worker at one answer
  // per period. An up-to-date client is held until the event after its cursor.
  if (latest > after) return { ...base, timedOut: false, event: latest, firedAtMs: latest * period, missed: missed(latest) };
  const event = after + 1;
  const firedAtMs = event * period;
  if (firedAtMs - arrived > timeoutMs) {
    await h.wait(timeoutMs);
    return { ...base, timedOut: true, event: null, firedAtMs: null, missed: 0 };
  }
  // Timers run on the monotonic clock and can end a little before the wall clock reaches the
  // event; wait again until it has, so a held response never arrives before firedAtMs.
  while (Date.now() < firedAtMs) await h.wait(firedAtMs - Date.now());
  return { ...base, timedOut: false, event, firedAtMs, missed: missed(event) };
}

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/**
 * Sync model: runs requests one at a time, in arrival order. Each handler still blocks the process
 * throughout; between two requests this yields one event-loop turn, which reads every request that
 * arrived meanwhile into the queue: FIFO, as a gunicorn sync worker's kernel accept queue is.
 * Handled straight from the socket callback instead, a blocking handler starves some keep-alive
 * connections. Measured with 10 connections on one worker, 6 s of /sleep?ms=100: responses per
 * connection 10,10,9,7,7,6,4,3,2,1 without the queue, 8,7,7,6,6,5,5,5,5,5 with it; and autocannon
 * -c 50 on 2 workers went from p50 806 ms to 2425 ms, which is what Little's law says (50 / 20 rps).
 */
function oneAtATime(handle: Listener): Listener {
  const queue: Array<() => Promise<void>> = [];
  let running = false;
  const next = () => {
    const job = queue.shift();
    if (!job) {
      running = false;
      return;
    }
    void job().finally(() => setImmediate(next));
  };
  return async (req, res) => {
    queue.push(() => handle(req, res));
    if (!running) {
      running = true;
      setImmediate(next);
    }
  };
}

export function createApp(model: Model, h: Handlers): http.Server {
  const handle: Listener = async (req, res) => {
    const t0 = performance.now();
    const raw = req.url ?? '/';
    const qAt = raw.indexOf('?');
    const path = qAt < 0 ? raw : raw.slice(0, qAt);
    const q = new URLSearchParams(qAt < 0 ? '' : raw.slice(qAt + 1));
    try {
      if (req.method !== 'GET') return send(res, 405, { error: `${req.method} is not allowed; every endpoint is GET` });
      if (path === STREAM_PATH) return await serveStream(q, res, model, t0);
      const body = await route(path, q, model, h);
      if (body === null) return send(res, 404, { error: `no route for ${path}` });
      if (path === '/health') return send(res, 200, body);
      send(res, 200, { ...body, pid: process.pid, serverMs: performance.now() - t0 });
    } catch (e) {
      if (e instanceof BadRequest) return send(res, 400, { error: e.message });
      if (e instanceof ServiceError) return send(res, e.status, { error: e.message });
      console.error(e);
      send(res, 500, { error: (e as Error).message });
    }
  };
  const server = http.createServer(model === 'sync' ? oneAtATime(handle) : handle);
  // Idle keep-alive connections must outlive any pause in a benchmark (warm-up to measurement,
  // cell to cell). headersTimeout must exceed keepAliveTimeout; requestTimeout off, since a held
  // long-poll (up to 120 s) is a normal request here.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  return server;
}
