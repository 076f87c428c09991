// The Django reference targets: one project (servers/django), served by WSGI and ASGI servers.
// The harness loads every exported array of this file as target definitions, so export no other array.
//
// Measured on Django 5.2 (servers/django/README.md has the figures): Django's ASGIHandler runs each
// request inside its own asgiref ThreadSensitiveContext, so `sync_to_async(thread_sensitive=True)`
// (the async ORM, and whole sync views under ASGI) gets one thread PER REQUEST, not one per process.
// Neither the async db path nor sync views under ASGI is serialised, so no target declares a
// per-worker limit on SQLite. A psycopg pool (ASYNCBENCH_DB_POOL) does cap it: see withDbPool().
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { LaunchedTargetDef, TargetFamily } from '../../harness/types.js';
import { venvBin, venvHint, venvPackageVersions, venvReady } from '../../harness/host/python-venv.js';
import { runtimeDataDir } from '../data-dir.js';

// Compiled, this runs from dist/servers/targets/; the project (and its venv) stays in servers/django/.
export const DJANGO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), import.meta.url.endsWith('.js') ? '../../../servers/django' : '../django');
// Its servers run from the project's Python venv (harness/host/python-venv.ts).
const bin = venvBin;
export const DJANGO_PYTHON = bin('python');

/** Threads per gthread worker unless the run sets --threads. */
export const DJANGO_GTHREAD_DEFAULT_THREADS = 4;

// Longer than the longest request a scenario may hold (long-poll timeout_ms ≤ 120 s, sleep ≤ 60 s),
// so gunicorn never kills a worker that is correctly waiting.
const WORKER_TIMEOUT_S = '180';
const GRACEFUL_S = '3';
// Idle keep-alive connections outlive any pause in a benchmark (warm-up to measurement), as on Node.
const KEEP_ALIVE_S = '65';

const gunicorn = (app: string, worker: string[]) => [
  bin('gunicorn'),
  app,
  ...worker,
  '--workers',
  '{workers}',
  '--bind',
  '127.0.0.1:{port}',
  // Without it each gunicorn ≥ 24 opens ~/.gunicorn/gunicorn.ctl, and two at once collide.
  '--no-control-socket',
  '--timeout',
  WORKER_TIMEOUT_S,
  '--graceful-timeout',
  GRACEFUL_S,
  '--keep-alive',
  KEEP_ALIVE_S,
  // No --access-logfile: gunicorn writes no access log unless given one.
  '--log-level',
  'warning',
];

const common = {
  kind: 'launch' as const,
  cwd: DJANGO_DIR,
  readiness: { path: '/health', timeoutMs: 30_000 },
  stop: { signal: 'SIGTERM' as const, graceMs: 5000 },
  // Once, before any server starts; never in worker start-up. DATABASE_URL from the run selects PostgreSQL.
  setup: [
    [DJANGO_PYTHON, 'manage.py', 'migrate', '--noinput', '--verbosity', '0'],
    [DJANGO_PYTHON, 'manage.py', 'seed'],
  ],
  family: 'django',
};

/** uWSGI refuses a --listen above net.core.somaxconn (128 on older kernels); gunicorn's 2048 is silently cut instead. */
function listenBacklog(): number {
  try {
    return Math.min(1024, Number(fs.readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim()) || 128);
  } catch {
    return 128;
  }
}

// uWSGI speaks HTTP itself on --http-socket (no router process in front); it loads the app once and
// forks the workers. It stops on SIGTERM only with --die-on-term (else SIGTERM reloads it), and it
// closes every connection without saying so unless told to: the header makes keep-alive visible.
const UWSGI = [
  bin('uwsgi'),
  '--http-socket',
  '127.0.0.1:{port}',
  '--module',
  'proj.wsgi:application',
  '--home',
  path.dirname(path.dirname(bin('uwsgi'))),
  '--master',
  '--processes',
  '{workers}',
  '--threads',
  '1',
  '--die-on-term',
  '--need-app',
  '--disable-logging',
  '--listen',
  String(listenBacklog()),
  '--add-header',
  'Connection: close',
];

// The SQLite file (and, out of a checkout, Python's bytecode) where a run may write: the checkout's
// servers/django/data/, or the user's cache when installed, never the package (servers/data-dir.ts).
const DJANGO_DATA = runtimeDataDir(path.resolve(DJANGO_DIR, '../..'), 'django');
const dataEnv: Record<string, string> = {
  ASYNCBENCH_SQLITE_PATH: path.join(DJANGO_DATA, 'books.sqlite3'),
  ...(DJANGO_DATA === path.join(DJANGO_DIR, 'data') ? {} : { PYTHONPYCACHEPREFIX: path.join(DJANGO_DATA, 'pycache') }),
};
const env = (views: 'async' | 'sync') => ({ ASYNCBENCH_VIEWS: views, DJANGO_SETTINGS_MODULE: 'proj.settings', PYTHONUNBUFFERED: '1', ...dataEnv });

// Daphne has no workers option: W processes share one listening socket that servers/django/prefork.py
// binds and hands to each (`--fd`), as a process manager would.
const daphne = [
  DJANGO_PYTHON,
  'prefork.py',
  '--host',
  '127.0.0.1',
  '--port',
  '{port}',
  '--workers',
  '{workers}',
  '--',
  bin('daphne'),
  '--fd',
  '{fd}',
  '-v',
  '0',
  '--application-close-timeout',
  GRACEFUL_S,
  'proj.asgi:application',
];

/**
 * Why an ASGI Django process runs so many threads even for async views, measured: django-asgi-uvicorn
 * ran 156 threads at 100 connections on sleep, django-wsgi-sync 2 (issue 11's default-suite figures).
 */
const ASGI_THREADS_NOTE =
  'Under ASGI, Django 5.2 runs each request in its own asgiref ThreadSensitiveContext and sends request_started and ' +
  'request_finished with asend (django/core/handlers/asgi.py), so their sync receivers (reset_queries, ' +
  'close_old_connections) and response.close each hop to a thread, for every request, even when the view itself never ' +
  'touches one: threads grow with the requests in flight. django-asgi-nosignals (measurement only) removes those hops to ' +
  'show what they cost in throughput, CPU per request and threads.';

/** Every ASGI target (model async) carries the thread note; the no-signals variant explains itself. */
function withAsgiThreadNote(t: LaunchedTargetDef): LaunchedTargetDef {
  return t.model === 'async' && t.env?.ASYNCBENCH_VARIANT !== 'no-signals' ? { ...t, notes: [...(t.notes ?? []), ASGI_THREADS_NOTE] } : t;
}

const baseTargets: LaunchedTargetDef[] = [
  {
    ...common,
    name: 'django-wsgi-sync',
    description: 'gunicorn sync workers (WSGI), sync views: one request at a time per worker process; gunicorn sync sends Connection: close on every response',
    command: gunicorn('proj.wsgi:application', ['--worker-class', 'sync']),
    env: env('sync'),
    model: 'sync-process',
    views: 'sync',
  },
  {
    ...common,
    name: 'django-wsgi-asyncviews',
    description:
      'gunicorn sync workers (WSGI) serving the ASYNC views: Django runs each async view through async_to_sync, an event loop per ' +
      'request that blocks its worker until the view is done, so it scales like django-wsgi-sync (one request at a time per process) ' +
      'and pays the loop on top; a streaming response is consumed whole before it is sent (Django warns). The article: WSGI servers ' +
      '"can run async applications but not at their full performance"',
    command: gunicorn('proj.wsgi:application', ['--worker-class', 'sync']),
    env: env('async'),
    model: 'sync-process',
    views: 'async',
  },
  {
    ...common,
    name: 'django-uwsgi',
    description:
      'uWSGI (--http-socket, --master, --processes W, one thread each), sync views: one request at a time per worker process, as ' +
      'gunicorn sync; it closes every connection (Connection: close). Built from PyPI by setup (a C compiler and Python headers)',
    command: UWSGI,
    env: env('sync'),
    model: 'sync-process',
    views: 'sync',
  },
  {
    ...common,
    name: 'django-wsgi-gthread',
    description: 'gunicorn gthread workers (WSGI), sync views: --threads threads per worker process (default 4), keep-alive',
    command: gunicorn('proj.wsgi:application', ['--worker-class', 'gthread', '--threads', '{threads}']),
    env: env('sync'),
    model: 'sync-threads',
    threads: DJANGO_GTHREAD_DEFAULT_THREADS,
    views: 'sync',
  },
  {
    ...common,
    name: 'django-asgi-uvicorn',
    description:
      'gunicorn with uvicorn workers (ASGI, uvloop, httptools), async views; the async ORM runs each query on a thread of its own request, ' +
      "and every request takes a thread even when its view needs none: Django's ASGIHandler runs the sync request_started/request_finished " +
      "receivers and response.close through sync_to_async in the request's own ThreadSensitiveContext (threads ≈ connections; see django-asgi-nosignals)",
    command: gunicorn('proj.asgi:application', ['--worker-class', 'uvicorn_worker.UvicornWorker']),
    env: env('async'),
    model: 'async',
    views: 'async',
  },
  {
    ...common,
    name: 'django-asgi-syncviews',
    description:
      'the same ASGI server with the sync views: Django runs each sync view via sync_to_async(thread_sensitive=True) ' +
      "inside the request's own ThreadSensitiveContext, i.e. on a new thread per request, so requests are not serialised " +
      '(measured: ~50 threads in a worker at 50 connections); the blocking waits overlap like async ones, at the cost of a thread each',
    command: gunicorn('proj.asgi:application', ['--worker-class', 'uvicorn_worker.UvicornWorker']),
    env: env('sync'),
    model: 'async',
    views: 'sync',
  },
  {
    ...common,
    name: 'django-uvicorn',
    description: 'uvicorn alone (its own process manager, --workers), async views',
    command: [
      bin('uvicorn'),
      'proj.asgi:application',
      '--host',
      '127.0.0.1',
      '--port',
      '{port}',
      '--workers',
      '{workers}',
      '--no-access-log',
      '--log-level',
      'warning',
      '--timeout-graceful-shutdown',
      GRACEFUL_S,
      '--timeout-keep-alive',
      KEEP_ALIVE_S,
      // Django implements no ASGI lifespan; don't probe for it.
      '--lifespan',
      'off',
    ],
    env: env('async'),
    model: 'async',
    views: 'async',
  },
  {
    ...common,
    name: 'django-asgi-gunicorn',
    description: "gunicorn's own ASGI worker (gunicorn ≥ 24, -k asgi), async views",
    command: gunicorn('proj.asgi:application', ['--worker-class', 'asgi', '--asgi-lifespan', 'off']),
    env: env('async'),
    model: 'async',
    views: 'async',
  },
  {
    ...common,
    name: 'django-granian',
    description: 'granian (Rust HTTP server, ASGI without lifespan), async views',
    command: [
      bin('granian'),
      '--interface',
      'asginl',
      '--host',
      '127.0.0.1',
      '--port',
      '{port}',
      '--workers',
      '{workers}',
      '--log-level',
      'warning',
      '--no-access-log',
      '--workers-kill-timeout',
      GRACEFUL_S,
      'proj.asgi:application',
    ],
    env: env('async'),
    model: 'async',
    views: 'async',
  },
  {
    ...common,
    name: 'django-daphne',
    description:
      'Daphne (Twisted, the Channels server), async views. Daphne has no workers option: W Daphne processes share one ' +
      'listening socket handed to each with --fd (servers/django/prefork.py), as supervisor or circus would; each is one event loop',
    command: daphne,
    env: env('async'),
    model: 'async',
    views: 'async',
  },
  {
    ...common,
    name: 'django-hypercorn',
    description:
      'Hypercorn (uvloop worker class, as the uvicorn targets; its own --workers process manager), async views. With the asyncio worker class, whose accept loop takes up to the backlog (100) waiting connections per wake-up, a burst of 100 connections landed on one of 2 workers (467 req/s on sleep, against 598 with uvloop and both workers)',
    command: [
      bin('hypercorn'),
      'proj.asgi:application',
      '--bind',
      '127.0.0.1:{port}',
      '--workers',
      '{workers}',
      '--worker-class',
      'uvloop',
      '--graceful-timeout',
      GRACEFUL_S,
      '--keep-alive',
      KEEP_ALIVE_S,
      '--log-level',
      'warning',
    ],
    env: env('async'),
    model: 'async',
    views: 'async',
  },
];
export const djangoTargets: LaunchedTargetDef[] = baseTargets.map(withAsgiThreadNote);

/**
 * Target variants: one thing changed on django-asgi-uvicorn, each to measure one question of
 * issue 11. Shown by --list, never in the default suite (DEFAULT_TARGETS).
 */
const uvicornWorkers = gunicorn('proj.asgi:application', ['--worker-class', 'uvicorn_worker.UvicornWorker']);

const baseVariantTargets: LaunchedTargetDef[] = [
  {
    ...common,
    name: 'django-asgi-naive',
    description:
      'the pitfall, documented: async views whose /db iterates the ORM with a plain `for` inside `async def`. Django raises ' +
      'SynchronousOnlyOperation, so verification fails before any load and names the fix (`async for`, or sync_to_async). ' +
      'There is deliberately no DJANGO_ALLOW_ASYNC_UNSAFE variant: Django says it is for development only and risks data corruption',
    command: uvicornWorkers,
    env: { ...env('async'), ASYNCBENCH_VARIANT: 'naive-db' },
    model: 'async',
    views: 'async',
    scenarios: ['db'],
  },
  {
    ...common,
    name: 'django-asgi-persistentdb',
    description:
      'the pitfall, documented: async views with persistent database connections (CONN_MAX_AGE = None). Under ASGI each request ' +
      'runs its ORM work on a thread of its own, and a persistent connection belongs to the thread that opened it, so with --db ' +
      'postgres every request in flight opens one and keeps it: PostgreSQL runs out of connections ("too many clients") and the ' +
      'view answers 500s, which the cell counts and names from the server log. Keep CONN_MAX_AGE = 0 under ASGI, or use a pool',
    command: uvicornWorkers,
    env: { ...env('async'), ASYNCBENCH_CONN_MAX_AGE: 'none' },
    model: 'async',
    views: 'async',
    scenarios: ['db'],
  },
  {
    ...common,
    name: 'django-asgi-syncstream',
    description:
      'the mismatched pairing: async views, but /stream returns a SYNC generator under ASGI. Django 5.2 consumes it whole with ' +
      'sync_to_async(list) on a thread and sends every chunk at the end: nothing streams',
    command: uvicornWorkers,
    env: { ...env('async'), ASYNCBENCH_VARIANT: 'sync-stream' },
    model: 'async',
    views: 'async',
    scenarios: ['stream'],
  },
  {
    ...common,
    name: 'django-asgi-nosignals',
    description:
      'MEASUREMENT ONLY, not a production setting: async views with the sync request_started/request_finished receivers ' +
      '(reset_queries, close_old_connections) disconnected and response.close run inline, so a request makes no thread hop. ' +
      'Without those receivers Django no longer closes stale or broken DB connections per request, so /db is not measured',
    command: uvicornWorkers,
    env: { ...env('async'), ASYNCBENCH_VARIANT: 'no-signals' },
    model: 'async',
    views: 'async',
    scenarios: ['sleep', 'stream', 'upstream', 'sync-to-async'],
  },
];
export const djangoVariantTargets: LaunchedTargetDef[] = baseVariantTargets.map(withAsgiThreadNote);

/**
 * Environment for the Django targets of a run: SQLite by default; PostgreSQL at `databaseUrl`;
 * with `pool` > 0, Django's psycopg pool of that many connections per worker process.
 */
export function djangoDbEnv(databaseUrl?: string, pool = 0): Record<string, string> {
  if (!databaseUrl) return {};
  return pool > 0 ? { DATABASE_URL: databaseUrl, ASYNCBENCH_DB_POOL: String(pool) } : { DATABASE_URL: databaseUrl };
}

/**
 * The targets as they run with a psycopg pool of `pool` connections per worker process: requests
 * beyond it wait in the process for a connection, so the db scenario gets a per-worker limit
 * wherever the model allows more at once than the pool holds.
 */
export function withDbPool(targets: LaunchedTargetDef[], pool: number): LaunchedTargetDef[] {
  return targets.map((t) => {
    const perWorker = t.model === 'sync-process' ? 1 : t.model === 'sync-threads' ? (t.threads ?? DJANGO_GTHREAD_DEFAULT_THREADS) : Infinity;
    if (t.family !== 'django' || perWorker <= pool) return t;
    return {
      ...t,
      perWorkerLimit: { ...(t.perWorkerLimit ?? {}), db: pool },
      limitNotes: {
        ...(t.limitNotes ?? {}),
        db: `Django's psycopg pool holds ${pool} connections per worker process (ASYNCBENCH_DB_POOL): at most ${pool} queries per worker wait in PostgreSQL at once, the rest wait for a connection`,
      },
    };
  });
}

/** Versions of the Django targets' Python stack in the project's venv; all null without the venv. */
export function djangoVersions(): Record<string, string | null> {
  return venvPackageVersions(['django', 'gunicorn', 'uvicorn', 'uvicorn-worker', 'daphne', 'hypercorn', 'granian', 'psycopg', 'httpx', 'aiohttp']);
}

/** The Django family's hooks: its Python venv, PostgreSQL through DATABASE_URL (and its psycopg pool), and its versions. */
export const djangoFamily: TargetFamily = {
  id: 'django',
  environment: { what: "the project's Python venv", ready: venvReady, hint: () => venvHint() },
  dbPoolPerWorker: 8,
  useDatabase: (url, pool, targets) => ({ env: djangoDbEnv(url, pool), targets: pool > 0 ? withDbPool(targets, pool) : targets }),
  versions: djangoVersions,
  // gunicorn/uvicorn start, and migrate + seed (default suite, 2-core machine).
  costs: { launchS: 1.8, setupS: 0.8 },
};
