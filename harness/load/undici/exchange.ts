// One request on one undici connection, timed by us: a fresh start time for every request, so a
// reconnect (after `Connection: close`, a reset or an idle timeout) can never leave a stale timing
// behind, which autocannon's private request queue did. Uses undici's dispatch handler API
// directly (no streams, no promise per request): about as fast as a Node client gets.
import type { Client, Dispatcher } from 'undici';
import type { ResponseTiming, ScenarioRequest } from '../../types.js';

export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface ExchangeResult {
  kind: 'response' | 'timeout' | 'connError';
  status: number;
  body: string;
  closed: boolean;
  arrivedAtMs: number;
  timing: ResponseTiming;
  error?: string;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Sends `req` and calls `done` once with what came back. `sentAtMs` is when the request counts as
 * sent: now (closed model) or its intended send time (open model, so queueing is not hidden).
 */
export function exchange(client: Client, req: ScenarioRequest, sentAtMs: number, pieces: boolean, done: (r: ExchangeResult) => void): void {
  let status = 0;
  let closed = false;
  let headersAt = 0;
  let bytes = 0;
  const chunks: Buffer[] = [];
  const timing: ResponseTiming = { sentAtMs, headersMs: 0, doneMs: 0 };
  if (pieces) timing.pieces = [];
  // undici's Client speaks this (v7 "legacy") handler form natively; the newer controller form is
  // converted to it on every request, which costs throughput for nothing here.
  const handler = {
    onConnect() {},
    onHeaders(statusCode: number, raw: Buffer[]) {
      status = statusCode;
      headersAt = nowMs();
      closed = hasConnectionClose(raw);
      return true;
    },
    onData(chunk: Buffer) {
      chunks.push(chunk);
      if (pieces) {
        bytes += chunk.length;
        timing.pieces!.push([nowMs() - sentAtMs, bytes]);
      }
      return true;
    },
    onComplete() {
      const at = nowMs();
      timing.headersMs = headersAt - sentAtMs;
      timing.doneMs = at - sentAtMs;
      const body = chunks.length === 1 ? (chunks[0] as Buffer).toString() : chunks.length === 0 ? '' : Buffer.concat(chunks).toString();
      done({ kind: 'response', status, body, closed, arrivedAtMs: at, timing });
    },
    onError(err: Error) {
      const at = nowMs();
      timing.doneMs = at - sentAtMs;
      const code = (err as { code?: string }).code ?? '';
      done({ kind: TIMEOUT_CODES.has(code) ? 'timeout' : 'connError', status: 0, body: '', closed: false, arrivedAtMs: at, timing, error: `${code || err.name}: ${err.message}` });
    },
  } as unknown as Dispatcher.DispatchHandler;
  client.dispatch({ path: req.path, method: req.method, headers: req.headers, body: req.body }, handler);
}

/** Raw headers come as [name, value, name, value, …] buffers: find `Connection: close` without building an object. */
function hasConnectionClose(raw: Buffer[]): boolean {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] as Buffer;
    if (k.length === 10 && k.toString('latin1').toLowerCase() === 'connection') return (raw[i + 1] as Buffer).toString('latin1').trim().toLowerCase() === 'close';
  }
  return false;
}
