// node-sync's accept path, shaped like gunicorn's sync workers: the primary owns the listening
// socket and its queue of accepted connections; a worker is handed the next connection only when
// it is free, one at a time, and answers `Connection: close`, so every request is one connection
// and the queue is first come, first served across all workers.
//
// Why not node:cluster's round robin: it deals a connection to a worker and waits for that worker
// to acknowledge it, which a blocked worker does only between two requests. With keep-alive the
// connection then stays with that worker. Measured (issue 15, 2 workers, 100 connections, sleep
// 100 ms): p50/p99 4.8/10.1 s, where gunicorn sync gives 5.2/5.2 s and FIFO theory 5/5 s; even one
// worker read 6.0/11.8 s, because connections reached it one per request served.
import net from 'node:net';
import type { Worker } from 'node:cluster';

/** Messages between the primary and a sync worker about connections. */
export type AcceptMessage = { free: true };
export const CONN = 'asyncbench:conn';

export interface AcceptQueue {
  server: net.Server;
  /** A worker is ready for its first connection, or has finished one. */
  free(w: Worker): void;
  /** A worker exited: never hand it anything again. */
  gone(w: Worker): void;
}

export function createAcceptQueue(): AcceptQueue {
  const pending: net.Socket[] = [];
  const idle: Worker[] = [];
  const give = (w: Worker, sock: net.Socket) => {
    // The handle moves to the worker; the primary's copy is closed once sent (keepOpen false).
    w.send(CONN, sock, (err: Error | null) => {
      if (err) {
        sock.destroy();
        queue.free(w);
      }
    });
  };
  const next = (): net.Socket | undefined => {
    let s = pending.shift();
    // A client that gave up while queued: skip it, as a worker's accept() would find it reset.
    while (s && s.destroyed) s = pending.shift();
    return s;
  };
  // pauseOnConnect: the primary never reads a byte; the request waits in the kernel for the worker.
  const server = net.createServer({ pauseOnConnect: true }, (sock) => {
    sock.on('error', () => sock.destroy());
    const w = idle.shift();
    if (w) give(w, sock);
    else pending.push(sock);
  });
  const queue: AcceptQueue = {
    server,
    free(w) {
      if (w.isDead()) return;
      const s = next();
      if (s) give(w, s);
      else if (!idle.includes(w)) idle.push(w);
    },
    gone(w) {
      const i = idle.indexOf(w);
      if (i >= 0) idle.splice(i, 1);
    },
  };
  return queue;
}

/**
 * Worker side: serve each connection the primary hands over, one at a time, closing it after its
 * response, and say when free again.
 */
export function serveHandedConnections(server: import('node:http').Server, send: (m: AcceptMessage) => void): void {
  // Every response closes its connection, as gunicorn's sync worker does.
  server.prependListener('request', (_req, res) => res.setHeader('connection', 'close'));
  process.on('message', (msg: unknown, handle: unknown) => {
    if (msg !== CONN || !(handle instanceof net.Socket)) return;
    const sock = handle;
    sock.once('close', () => send({ free: true }));
    server.emit('connection', sock);
    sock.resume();
  });
}
