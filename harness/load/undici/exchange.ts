// One connection's requests on an undici Client, timed by us: a fresh start time for every request,
// so a reconnect (after `Connection: close`, a reset or an idle timeout) can never leave a stale
// timing behind, which autocannon's private request queue did. It uses undici's dispatch handler
// API directly (no streams, no promise per request), and one handler object per connection reused
// for every request, so a response costs no allocation beyond its body.
import { Client } from 'undici';
import type { ResponseHeaders, ResponseTiming, ScenarioRequest } from '../../types.js';

export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface ExchangeResult {
  kind: 'response' | 'timeout' | 'connError';
  status: number;
  body: string;
  closed: boolean;
  arrivedAtMs: number;
  timing: ResponseTiming;
  error?: string;
  /** Only when the connection was asked to keep them (a check that reads headers, a pid header). */
  headers?: ResponseHeaders;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * A connection: its Client, its scenario state (e.g. long-poll's last event), and the request in
 * flight. undici's Client speaks this (v7 "legacy") handler form natively; the newer controller
 * form is converted to it on every request, which costs throughput for nothing here.
 */
export class Connection {
  readonly client: Client;
  readonly state: Record<string, unknown> = {};
  /** When the request in flight counts as sent (epoch ms); NaN when idle. */
  sentAtMs = NaN;
  private status = 0;
  private closed = false;
  private headersAt = 0;
  private bytes = 0;
  private chunks: Buffer[] = [];
  private headers: ResponseHeaders | undefined;
  private timing: ResponseTiming = { sentAtMs: 0, headersMs: 0, doneMs: 0 };
  private done: ((r: ExchangeResult) => void) | null = null;

  constructor(
    origin: string,
    timeoutMs: number,
    private readonly pieces: boolean,
    private readonly keepHeaders = false,
  ) {
    this.client = new Client(origin, { pipelining: 1, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: timeoutMs });
  }

  /**
   * Sends `req` and calls `done` once with what came back. `sentAtMs` is when the request counts
   * as sent: now (closed model) or its intended send time (open model, so queueing is not hidden).
   */
  send(req: ScenarioRequest, sentAtMs: number, done: (r: ExchangeResult) => void): void {
    this.sentAtMs = sentAtMs;
    this.status = 0;
    this.closed = false;
    this.bytes = 0;
    this.chunks = [];
    this.timing = { sentAtMs, headersMs: 0, doneMs: 0 };
    if (this.pieces) this.timing.pieces = [];
    this.done = done;
    this.client.dispatch({ path: req.path, method: req.method, headers: req.headers, body: req.body }, this as never);
  }

  onConnect(): void {}

  onHeaders(statusCode: number, raw: Buffer[]): boolean {
    this.status = statusCode;
    this.headersAt = nowMs();
    this.closed = hasConnectionClose(raw);
    this.headers = this.keepHeaders ? headersOf(raw) : undefined;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    if (this.pieces) {
      this.bytes += chunk.length;
      this.timing.pieces!.push([nowMs() - this.sentAtMs, this.bytes]);
    }
    return true;
  }

  onComplete(): void {
    const at = nowMs();
    const t = this.timing;
    t.headersMs = this.headersAt - this.sentAtMs;
    t.doneMs = at - this.sentAtMs;
    const c = this.chunks;
    const body = c.length === 1 ? (c[0] as Buffer).toString() : c.length === 0 ? '' : Buffer.concat(c).toString();
    this.finish({ kind: 'response', status: this.status, body, closed: this.closed, arrivedAtMs: at, timing: t, headers: this.headers });
  }

  onError(err: Error): void {
    const at = nowMs();
    this.timing.doneMs = at - this.sentAtMs;
    const code = (err as { code?: string }).code ?? '';
    // undici errors every queued request of a failed connection in one loop and then asserts its
    // queue is empty: the next request must not be dispatched from inside that loop.
    const r: ExchangeResult = {
      kind: TIMEOUT_CODES.has(code) ? 'timeout' : 'connError',
      status: 0,
      body: '',
      closed: false,
      arrivedAtMs: at,
      timing: this.timing,
      error: `${code || err.name}: ${err.message}`,
    };
    setImmediate(() => this.finish(r));
  }

  private finish(r: ExchangeResult): void {
    const done = this.done;
    this.done = null;
    this.sentAtMs = NaN;
    done?.(r);
  }
}

/** Raw headers come as [name, value, name, value, …] buffers: find `Connection: close` without building an object. */
function hasConnectionClose(raw: Buffer[]): boolean {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i] as Buffer;
    if (k.length === 10 && k.toString('latin1').toLowerCase() === 'connection')
      return (raw[i + 1] as Buffer).toString('latin1').trim().toLowerCase() === 'close';
  }
  return false;
}

/** Raw headers as an object with lower-case names; a repeated header's values joined with ", ". */
function headersOf(raw: Buffer[]): ResponseHeaders {
  const out: ResponseHeaders = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = (raw[i] as Buffer).toString('latin1').toLowerCase();
    const v = (raw[i + 1] as Buffer).toString('latin1');
    out[k] = k in out ? `${out[k]}, ${v}` : v;
  }
  return out;
}
