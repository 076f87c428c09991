// A reference-contract server that misbehaves on request, for fault-injection tests. It serves
// /health and /sleep like servers/CONTRACT.md says, with N cluster-free worker processes
// (child_process.fork) so that "a worker killed mid-cell" is a real process dying.
//
//   tsx harness/testing/faulty-server.ts --port P [--workers N] [--fault F]
// Faults:
//   none          behave
//   early         answer /sleep at once, before the delay (trips latency-below-delay)
//   wrong-body    answer /sleep with a body that fails the check
//   crash-after=N a worker exits after serving N requests (and is not replaced)
//   exit-at-start exit with an error before listening (an import error, say)
//   never-ready   listen, but /health answers 503 forever
//   ignore-term   ignore SIGTERM (the harness must SIGKILL after the grace period)
//   primary-exit-after=MS  the primary (master) process exits MS after start; its workers follow
//   skew          the primary hands 7 of every 8 connections to the first worker (an uneven keep-alive split)
//   one-worker    start one worker whatever --workers says (a command that ignores {workers})
//   fail-loud     after 2 requests, answer every other /sleep with a 500 and log the exception, as Django does
//   fail-quiet    the same 500s, logging nothing (an app whose logging hides them)
// Every JSON answer names its worker in the x-worker-pid header too (a config target's pidHeader).
//   hang-every=N  every Nth /sleep request of a worker is never answered (the client's timeout fires)
// --once FILE: the crash fault fires only while FILE does not exist (it creates FILE), so a relaunch behaves.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set((process.argv[i] as string).replace(/^--/, ''), process.argv[i + 1] ?? '');
const port = Number(args.get('port'));
const workers = Number(args.get('workers') ?? 1);
const fault = args.get('fault') ?? 'none';
const isWorker = process.env.FAULTY_WORKER === '1';

if (fault === 'ignore-term') process.on('SIGTERM', () => {});

if (!isWorker) {
  if (fault === 'exit-at-start') {
    console.error('Traceback (most recent call last):\nModuleNotFoundError: No module named "imaginary"');
    process.exit(1);
  }
  // The primary accepts connections and hands each socket to a worker, round robin.
  const kids = Array.from({ length: fault === 'one-worker' ? 1 : workers }, () =>
    fork(process.argv[1] as string, process.argv.slice(2), { env: { ...process.env, FAULTY_WORKER: '1' }, execArgv: process.execArgv }),
  );
  let next = 0;
  const server = net.createServer({ pauseOnConnect: true }, (sock) => {
    const alive = kids.filter((k) => k.connected);
    if (alive.length === 0) return sock.destroy();
    const k = next++;
    const pick = fault === 'skew' ? (k % 8 === 7 ? 1 : 0) % alive.length : k % alive.length;
    (alive[pick] as ReturnType<typeof fork>).send('socket', sock);
  });
  server.listen(port, '127.0.0.1');
  if (fault.startsWith('primary-exit-after=')) {
    setTimeout(
      () => {
        console.error(`primary ${process.pid}: exiting on purpose`);
        for (const k of kids) k.kill('SIGKILL');
        process.exit(9);
      },
      Number(fault.split('=')[1]),
    );
  }
  const stop = () => {
    for (const k of kids) k.kill('SIGTERM');
    process.exit(0);
  };
  if (fault !== 'ignore-term') process.on('SIGTERM', stop);
} else {
  let served = 0;
  const once = args.get('once');
  const armed = !once || !fs.existsSync(once);
  const crashAfter = armed && fault.startsWith('crash-after=') ? Number(fault.split('=')[1]) : Infinity;
  const hangEvery = fault.startsWith('hang-every=') ? Number(fault.split('=')[1]) : Infinity;
  let asked = 0;
  const app = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-worker-pid': String(process.pid) });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/health') {
      return fault === 'never-ready' ? json(503, { status: 'starting' }) : json(200, { status: 'ok', server: 'faulty', views: 'async', pid: process.pid });
    }
    if (url.pathname === '/sleep') {
      const ms = Number(url.searchParams.get('ms') ?? 100);
      const t = performance.now();
      if (++asked % hangEvery === 0) return;
      const answer = () => {
        served++;
        // After verification's two requests (they pass), every other answer fails.
        if ((fault === 'fail-loud' || fault === 'fail-quiet') && served > 2 && served % 2 === 0) {
          if (fault === 'fail-loud')
            console.error(
              `Internal Server Error: /sleep\nTraceback (most recent call last):\n  File "x.py", line 1\npsycopg.OperationalError: connection failed: FATAL:  sorry, too many clients already (pid ${process.pid})`,
            );
          return json(500, { error: 'server error' });
        }
        if (fault === 'wrong-body') json(200, { scenario: 'sleep', ms: ms + 1, pid: process.pid, serverMs: 0 });
        else json(200, { scenario: 'sleep', ms, pid: process.pid, serverMs: performance.now() - t });
        if (served >= crashAfter) {
          if (once) fs.writeFileSync(once, String(process.pid));
          console.error(`worker ${process.pid}: crashing on purpose after ${served} requests`);
          setImmediate(() => process.exit(17));
        }
      };
      return fault === 'early' ? answer() : setTimeout(answer, ms);
    }
    if (url.pathname === '/orders' && req.method === 'POST') {
      // Stands in for a user's JSON API: echoes the order back after a short wait.
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        let order: unknown;
        try {
          order = JSON.parse(body);
        } catch {
          return json(400, { error: 'body is not JSON' });
        }
        setTimeout(() => json(200, { order, pid: process.pid }), 20);
      });
      return;
    }
    json(404, { error: 'not found' });
  });
  process.on('message', (msg, sock) => {
    if (msg === 'socket' && sock) {
      app.emit('connection', sock);
      (sock as net.Socket).resume();
    }
  });
  process.on('disconnect', () => process.exit(0));
}
