// The starter config `--init` writes. JSON has no comments, so explanations live in "//" keys,
// which the loader ignores.
// Run against the versions it names by harness/cli/init.test.ts (a `django-admin startproject`
// project under the venv's gunicorn and uvicorn-worker): issue 23 found a starter that gunicorn 23
// refused (`--no-control-socket` exists from gunicorn 24 on) and a worker class from a package
// nobody had installed.
const STARTER_TARGETS = [
  {
    '//': "Your Django project under gunicorn sync workers (WSGI). family and views pair it with its async counterpart in the report's headline. Needs gunicorn in your venv (pip install gunicorn; tested with gunicorn 23.0 and 27.0, Django 5.2). {workers}, {port} and {threads} are filled in per launch; always bind 127.0.0.1:{port}. Without readiness.path, a target is ready once the first scenario's path answers anything below 500.",
    name: 'myapp-wsgi-sync',
    family: 'myapp',
    views: 'sync',
    command: ['.venv/bin/gunicorn', 'myproject.wsgi:application', '-k', 'sync', '-w', '{workers}', '-b', '127.0.0.1:{port}', '--timeout', '120'],
    cwd: '.',
    env: { DJANGO_SETTINGS_MODULE: 'myproject.settings' },
    model: 'sync-process',
    setup: [['.venv/bin/python', 'manage.py', 'migrate', '--noinput']],
    readiness: { timeoutMs: 30000 },
    stop: { signal: 'SIGTERM', graceMs: 5000 },
  },
  {
    '//': 'The same project with async views under gunicorn + Uvicorn workers (ASGI). The worker class is the separate uvicorn-worker package: pip install uvicorn-worker (tested with 0.4; uvicorn.workers.UvicornWorker inside uvicorn itself is deprecated). gunicorn 24 and later open a control socket in ~/.gunicorn; add "--no-control-socket" there if you like (gunicorn 23 rejects that flag).',
    name: 'myapp-asgi-uvicorn',
    family: 'myapp',
    views: 'async',
    command: [
      '.venv/bin/gunicorn',
      'myproject.asgi:application',
      '-k',
      'uvicorn_worker.UvicornWorker',
      '-w',
      '{workers}',
      '-b',
      '127.0.0.1:{port}',
      '--timeout',
      '120',
    ],
    cwd: '.',
    env: { DJANGO_SETTINGS_MODULE: 'myproject.settings' },
    model: 'async',
  },
  {
    '//': 'A Node server: node-style apps take the port from the environment. Model async = event loop.',
    name: 'myapp-node',
    command: ['node', 'server.js'],
    env: { PORT: '{port}', WORKERS: '{workers}' },
    model: 'async',
  },
  {
    '//': 'A server that is already running: nothing is launched and the worker sweep is skipped for it.',
    name: 'already-running',
    url: 'http://127.0.0.1:8000',
  },
];

const STARTER_SCENARIOS = [
  {
    '//': '{id} is filled per request from "vars"; delayMs (the least time a request takes) gives the Little\'s-law ceiling.',
    name: 'book-detail',
    method: 'GET',
    path: '/books/{id}',
    vars: { id: { min: 1, max: 500 } },
    expect: { status: 200, json: { id: '{id}' } },
    delayMs: 50,
  },
  {
    '//': 'A JSON POST with a check on the response JSON. Without delayMs there is no ceiling and efficiency shows as unknown.',
    name: 'create-order',
    method: 'POST',
    path: '/orders',
    headers: { 'content-type': 'application/json' },
    body: { book: 1, quantity: 2 },
    expect: { status: 200, json: { 'order.quantity': 2 } },
  },
];

export function starterConfig(schemaPath: string): Record<string, unknown> {
  return {
    $schema: schemaPath,
    '//': 'asyncbench config. Every key is optional; command-line flags win over this file. Docs: README.md, section "Benchmark your own app".',
    targets: STARTER_TARGETS,
    scenarios: STARTER_SCENARIOS,
    workers: [1, 2, 4],
    connections: [10, 100],
    duration: '10s',
    warmup: '2s',
  };
}
