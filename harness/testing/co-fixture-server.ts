// A fixture server for the open model's tests (issue 12), following servers/CONTRACT.md for
// /health and /sleep, in one process:
//
//   tsx harness/testing/co-fixture-server.ts --port P [--freeze-every-ms 10000 --freeze-ms 1000] [--serial]
//
// --freeze-every-ms E --freeze-ms F: every E ms the whole process stops for F ms (a busy loop on the
//   event loop, like a stop-the-world pause), so every request that arrives meanwhile waits. This
//   is the coordinated-omission test: a generator that waits for answers sends nothing during a
//   freeze and never sees those waits; an open-model one keeps its schedule and must.
// --serial: one request at a time, first come first served (a one-worker sync server), so its
//   capacity is 1 ÷ delay and an open load above it must queue and then drop.
import http from 'node:http';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i] as string;
  const next = process.argv[i + 1];
  if (next !== undefined && !next.startsWith('--')) (args.set(a.replace(/^--/, ''), next), i++);
  else args.set(a.replace(/^--/, ''), 'true');
}
const port = Number(args.get('port') ?? 0);
const freezeEvery = Number(args.get('freeze-every-ms') ?? 0);
const freezeMs = Number(args.get('freeze-ms') ?? 0);
const serial = args.get('serial') === 'true';

const queue: Array<() => void> = [];
let busy = false;
function runSerial(job: (done: () => void) => void): void {
  const start = () => {
    busy = true;
    job(() => {
      busy = false;
      queue.shift()?.();
    });
  };
  if (busy) queue.push(start);
  else start();
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/health') return json(200, { status: 'ok', server: 'co-fixture', views: serial ? 'sync' : 'async', pid: process.pid });
  if (url.pathname === '/sleep') {
    const ms = Number(url.searchParams.get('ms') ?? 100);
    const t = performance.now();
    const answer = (done?: () => void) =>
      setTimeout(() => {
        json(200, { scenario: 'sleep', ms, pid: process.pid, serverMs: performance.now() - t });
        done?.();
      }, ms);
    return serial ? runSerial(answer) : answer();
  }
  json(404, { error: 'not found' });
});
server.keepAliveTimeout = 60_000;

if (freezeEvery > 0 && freezeMs > 0) {
  setInterval(() => {
    const until = Date.now() + freezeMs;
    while (Date.now() < until) {
      // frozen: nothing else in this process runs
    }
  }, freezeEvery).unref();
}

server.listen(port, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`listening ${typeof a === 'object' && a ? a.port : port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
