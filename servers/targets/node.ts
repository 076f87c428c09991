// The Node reference targets: one app (servers/node), two concurrency models. The harness loads
// every exported array of this file as target definitions, so export no other array.
import { DEFAULT_DB, MAIN_SCRIPT, NODE_ARGV, PROJECT_ROOT, SEED_SCRIPT } from '../node/paths.js';
import type { LaunchedTargetDef } from '../../harness/types.js';

/** Worker threads per process that run SQLite queries for node-async: its DB concurrency per worker. */
export const NODE_DB_POOL = 4;

// Compiled (dist/), the servers run as plain JS; under tsx (tests, a checkout) with `--import tsx`,
// which resolves from the cwd, so the cwd must be the project root (where node_modules is).
const node = NODE_ARGV;

const common = {
  kind: 'launch' as const,
  cwd: PROJECT_ROOT,
  readiness: { path: '/health', timeoutMs: 30_000 },
  stop: { signal: 'SIGTERM' as const, graceMs: 5000 },
  setup: [[...node, SEED_SCRIPT, '--db', DEFAULT_DB]],
  family: 'node',
};

const serve = (model: 'async' | 'sync', extra: string[] = []) => [
  ...node,
  MAIN_SCRIPT,
  '--model',
  model,
  '--host',
  '{host}',
  '--port',
  '{port}',
  '--workers',
  '{workers}',
  '--db',
  DEFAULT_DB,
  ...extra,
];

export const nodeTargets: LaunchedTargetDef[] = [
  {
    ...common,
    name: 'node-async',
    description:
      "Node.js event loop (node:http, node:cluster): handlers await timers; SQLite queries run on libuv's threadpool (node-sqlite3, 4 connections per process)",
    command: serve('async', ['--db-pool', String(NODE_DB_POOL)]),
    model: 'async',
    views: 'async',
    perWorkerLimit: { db: NODE_DB_POOL },
    limitNotes: {
      db: `each worker process queries through node-sqlite3 on ${NODE_DB_POOL} connections, the queries running on libuv's threadpool (native threads, sized to match): at most ${NODE_DB_POOL} queries per worker wait in the engine at once, and the rest queue in the process`,
    },
  },
  {
    ...common,
    name: 'node-sync',
    description:
      'the same Node.js app with every handler blocking its process (Atomics.wait, synchronous SQLite): one request at a time per worker, like a WSGI sync worker; the primary hands each connection to a free worker and every response closes it, as gunicorn sync does (first come, first served)',
    command: serve('sync'),
    model: 'sync-process',
    views: 'sync',
  },
];
