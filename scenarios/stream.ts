// Slow streaming (issue 11): one response of `chunks` newline-delimited JSON chunks, `interval_ms`
// apart. The check maps each chunk's last byte to the body piece that brought it (timing.pieces),
// so the figures are when chunks reached the client, not when the server says it wrote them.
import type { ResponseTiming } from '../harness/types.js';
import { defineScenario, expectField, firstProblem, num } from './define.js';

interface Parsed {
  /** Body bytes up to and including each chunk's newline. */
  ends: number[];
  pid: number;
  serverMs: number;
}

function parseChunks(body: string, chunks: number, interval: number): Parsed | string {
  if (!body.endsWith('\n')) return `the stream does not end with a complete chunk: ${JSON.stringify(body.slice(-80))}`;
  const lines = body.slice(0, -1).split('\n');
  if (lines.length !== chunks) return `${lines.length} chunks arrived, expected ${chunks}`;
  const ends: number[] = [];
  let bytes = 0;
  let pid = NaN;
  let serverMs = NaN;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    bytes += Buffer.byteLength(text) + 1;
    ends.push(bytes);
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return `chunk ${i + 1} is not complete JSON: ${text.slice(0, 120)}`;
    }
    const problem = firstProblem(
      expectField(j, 'scenario', 'stream'),
      // In order: the k-th line must be chunk k.
      expectField(j, 'chunk', i + 1),
      expectField(j, 'chunks', chunks),
      expectField(j, 'interval_ms', interval),
      Number.isInteger(j.pid) ? null : `pid is ${JSON.stringify(j.pid)}, expected an integer`,
    );
    if (problem) return `chunk ${i + 1}: ${problem}`;
    if (i === 0) pid = j.pid as number;
    else if (j.pid !== pid) return `chunk ${i + 1} came from pid ${String(j.pid)}, chunk 1 from ${pid}`;
    if (i === lines.length - 1) {
      if (typeof j.serverMs !== 'number') return `the last chunk's serverMs is ${JSON.stringify(j.serverMs)}, expected a number`;
      serverMs = j.serverMs;
    }
  }
  return { ends, pid, serverMs };
}

/** When each chunk arrived, ms after the request was sent: the first body piece that completed it. */
export function chunkArrivals(ends: number[], pieces: Array<[number, number]>): number[] | null {
  const out: number[] = [];
  let p = 0;
  for (const end of ends) {
    while (p < pieces.length && (pieces[p] as [number, number])[1] < end) p++;
    if (p === pieces.length) return null;
    out.push((pieces[p] as [number, number])[0]);
  }
  return out;
}

function timingFacts(ends: number[], intervalMs: number, timing: ResponseTiming | undefined): Record<string, number | number[] | null> {
  const arrivals = timing?.pieces ? chunkArrivals(ends, timing.pieces) : null;
  if (!arrivals || arrivals.length === 0) return { firstChunkMs: null, chunkGapMs: null, unstreamed: null };
  const gaps = arrivals.slice(1).map((t, i) => t - (arrivals[i] as number));
  return {
    firstChunkMs: arrivals[0] as number,
    chunkGapMs: gaps,
    // The chunks arrived together (a streaming server spreads them over (chunks − 1) intervals):
    // the server built the whole body before sending any of it.
    unstreamed: arrivals.length > 1 && (arrivals.at(-1) as number) - (arrivals[0] as number) < intervalMs ? 1 : 0,
  };
}

export default defineScenario({
  id: 'stream',
  title: 'Slow streaming',
  explanation:
    'Each response is a stream of `chunks` newline-delimited JSON chunks, one every `interval_ms` (the handler waits an ' +
    'interval before each), so a stream lasts chunks × interval and holds its connection all that time. Async Django ' +
    'returns a StreamingHttpResponse over an async iterator: the waits are awaited, so one worker holds as many streams ' +
    'as there are connections. Sync views return a sync generator: under WSGI a worker (or thread) is held for the ' +
    'whole stream, so streams held at once ≈ workers, and the rest wait before their first chunk: time to first chunk ' +
    'grows with the queue while the gaps between chunks stay at the interval. The mismatched pairing, a sync generator ' +
    'under ASGI (django-asgi-syncstream), does not stream at all on Django 5.2: StreamingHttpResponse consumes a sync ' +
    'iterator with `await sync_to_async(list)(...)` on a thread and sends every chunk at once at the end, so the first ' +
    'chunk arrives only when the stream is over ("did not stream" counts such responses). The check parses every chunk ' +
    'in order and complete; the figures come from when each chunk reached the client. Ceiling: concurrency ÷ ' +
    '(chunks × interval).',
  params: {
    chunks: { default: 10, description: 'chunks per response', min: 1, max: 1000 },
    interval_ms: { default: 100, unit: 'ms', description: 'wait before each chunk', min: 1, max: 60_000 },
  },
  request: (params) => ({ method: 'GET', path: `/stream?chunks=${num(params, 'chunks')}&interval_ms=${num(params, 'interval_ms')}` }),
  bodyTiming: true,
  figures: {
    firstChunkMs: {
      kind: 'histogram',
      title: 'Time to first chunk',
      unit: 'ms',
      description:
        'from sending the request to the first chunk arriving: one interval when the stream starts at once; beyond it, time queued for a worker (sync) or the whole stream (a server that buffers)',
    },
    chunkGapMs: {
      kind: 'histogram',
      title: 'Gap between chunks',
      unit: 'ms',
      description: 'between consecutive chunks of one stream as they arrived: the interval when the server keeps up; 0 when it sent everything at once',
    },
    unstreamed: {
      kind: 'sum',
      title: 'Did not stream',
      unit: 'requests',
      description: 'responses whose chunks all arrived together at the end (Django 5.2 serving a sync generator under ASGI)',
    },
  },
  check(status, body, params, _state, timing) {
    if (status !== 200) return { ok: false, reason: `status ${status}, expected 200: ${body.slice(0, 200)}` };
    const parsed = parseChunks(body, num(params, 'chunks'), num(params, 'interval_ms'));
    if (typeof parsed === 'string') return { ok: false, reason: parsed };
    return { ok: true, facts: { serverMs: parsed.serverMs, pid: parsed.pid, ...timingFacts(parsed.ends, num(params, 'interval_ms'), timing) } };
  },
  // Every connection's stream lasts the same chunks × interval, so completions come in bursts of
  // that period (all connections at once on an async server): the window holds whole periods.
  windowQuantumMs: (params) => num(params, 'chunks') * num(params, 'interval_ms'),
  floorLatencyMs: (params) => num(params, 'chunks') * num(params, 'interval_ms'),
  ceilingRps: ({ slots, params }) => slots / ((num(params, 'chunks') * num(params, 'interval_ms')) / 1000),
  defaultSuite: false,
});
