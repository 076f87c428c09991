// GET /stream?chunks=N&interval_ms=I (servers/CONTRACT.md): N newline-delimited JSON chunks, each
// written I ms after the one before. Async: a timer between chunks, so one process holds many
// streams. Sync: the process blocks between chunks (Atomics.wait), so it holds one stream at a
// time; each chunk still leaves at once (the socket is uncorked by hand, and libuv writes to an idle
// socket synchronously).
import type http from 'node:http';
import type { Model } from './flags.js';
import { intParam } from './params.js';
import { awaitFor, blockFor } from './wait.js';

export const STREAM_PATH = '/stream';

function line(k: number, chunks: number, intervalMs: number, t0: number): string {
  const body: Record<string, unknown> = { scenario: 'stream', chunk: k, chunks, interval_ms: intervalMs, pid: process.pid };
  // The whole stream's handler time, so the harness counts streams held at once.
  if (k === chunks) body.serverMs = performance.now() - t0;
  return `${JSON.stringify(body)}\n`;
}

/** Parses first (a bad parameter throws BadRequest before any header is sent), then streams. */
export async function serveStream(q: URLSearchParams, res: http.ServerResponse, model: Model, t0: number): Promise<void> {
  const chunks = intParam(q, 'chunks', 10, 1, 1000);
  const intervalMs = intParam(q, 'interval_ms', 100, 0, 60_000);
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  for (let k = 1; k <= chunks; k++) {
    if (model === 'sync') blockFor(intervalMs);
    else await awaitFor(intervalMs);
    if (res.destroyed) return;
    res.write(line(k, chunks, intervalMs, t0));
    // node:http corks the socket on a write and uncorks it on the next tick, which a blocked
    // process never reaches: flush now, so the sync model streams too.
    if (model === 'sync') res.socket?.uncork();
  }
  res.end();
}
