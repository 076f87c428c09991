// GET /upstream?fanout=N&ms=M (servers/CONTRACT.md): N calls to the upstream's /sleep?ms=M
// (ASYNCBENCH_UPSTREAM_URL). Async: concurrently, on one keep-alive agent per process. Sync: one
// after another, each BLOCKING the process: Node has no blocking HTTP client, so a helper thread
// makes the call while this thread waits on a shared flag (Atomics.wait), as a sync worker would.
import http from 'node:http';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Model } from './flags.js';
import { intParam } from './params.js';

export class ServiceError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Call {
  ms: number;
  pid: unknown;
  callMs: number;
}

function baseUrl(): string {
  const url = (process.env.ASYNCBENCH_UPSTREAM_URL ?? '').trim().replace(/\/$/, '');
  if (!url)
    throw new ServiceError(503, 'ASYNCBENCH_UPSTREAM_URL is not set: the harness starts an upstream server for the upstream scenario and passes its URL');
  return url;
}

function toCall(status: number, text: string, ms: number, callMs: number): Call {
  if (status !== 200) throw new ServiceError(502, `upstream answered ${status}: ${text.slice(0, 200)}`);
  const j = JSON.parse(text) as Record<string, unknown>;
  if (j.scenario !== 'sleep' || j.ms !== ms) throw new ServiceError(502, `upstream answered an unexpected body: ${text.slice(0, 200)}`);
  return { ms, pid: j.pid, callMs };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 65_000 });

function getAsync(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

// The helper thread of the sync model: gets {url}, answers {status, text} or {error} on its port,
// then wakes the waiting thread through the shared flag.
const HELPER = `
const http = require('node:http');
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
port.on('message', ({ url }) => {
  const done = (msg) => { port.postMessage(msg); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
  http.get(url, { agent }, (res) => {
    let text = ''; res.setEncoding('utf8');
    res.on('data', (d) => (text += d));
    res.on('end', () => done({ status: res.statusCode, text }));
    res.on('error', (e) => done({ error: String(e) }));
  }).on('error', (e) => done({ error: String(e) }));
});`;

let helper: { port: MessagePort; flag: Int32Array } | null = null;

function getBlocking(url: string): { status: number; text: string } {
  if (!helper) {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const w = new Worker(HELPER, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
    w.unref();
    helper = { port: port1, flag };
  }
  Atomics.store(helper.flag, 0, 0);
  helper.port.postMessage({ url });
  Atomics.wait(helper.flag, 0, 0);
  const msg = receiveMessageOnPort(helper.port)?.message as { status?: number; text?: string; error?: string } | undefined;
  if (!msg || msg.error !== undefined) throw new ServiceError(502, `upstream call failed: ${msg?.error ?? 'no answer'}`);
  return { status: msg.status ?? 0, text: msg.text ?? '' };
}

export async function upstream(q: URLSearchParams, model: Model): Promise<Record<string, unknown>> {
  const fanout = intParam(q, 'fanout', 3, 1, 20);
  const ms = intParam(q, 'ms', 100, 0, 60_000);
  const url = `${baseUrl()}/sleep?ms=${ms}`;
  const calls: Call[] = [];
  if (model === 'sync') {
    for (let i = 0; i < fanout; i++) {
      const t = performance.now();
      const r = getBlocking(url);
      calls.push(toCall(r.status, r.text, ms, performance.now() - t));
    }
  } else {
    const one = async () => {
      const t = performance.now();
      const r = await getAsync(url).catch((e: Error) => {
        throw new ServiceError(502, `upstream call failed: ${e.message}`);
      });
      return toCall(r.status, r.text, ms, performance.now() - t);
    };
    calls.push(...(await Promise.all(Array.from({ length: fanout }, one))));
  }
  // `client` chooses the Django async views' HTTP client; Node has one client per model and says which.
  return { scenario: 'upstream', fanout, ms, concurrent: model !== 'sync', client: 'node:http', calls };
}
