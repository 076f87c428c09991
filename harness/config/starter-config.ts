// The starter config `--init` writes. JSON has no comments, so explanations live in "//" keys,
// which the loader ignores.
const STARTER_TARGETS = [
  {
    '//': 'Your Django project under gunicorn sync workers (WSGI). {workers}, {port} and {threads} are filled in per launch; always bind 127.0.0.1:{port}.',
    name: 'myapp-wsgi-sync',
    command: [
      '.venv/bin/gunicorn',
      'myproject.wsgi:application',
      '-k',
      'sync',
      '-w',
      '{workers}',
      '-b',
      '127.0.0.1:{port}',
      '--timeout',
      '120',
      '--no-control-socket',
    ],
    cwd: '.',
    env: { DJANGO_SETTINGS_MODULE: 'myproject.settings' },
    model: 'sync-process',
    setup: [['.venv/bin/python', 'manage.py', 'migrate', '--noinput']],
    readiness: { path: '/health', timeoutMs: 30000 },
    stop: { signal: 'SIGTERM', graceMs: 5000 },
  },
  {
    '//': 'The same project with async views under gunicorn + Uvicorn workers (ASGI).',
    name: 'myapp-asgi-uvicorn',
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
      '--no-control-socket',
    ],
    cwd: '.',
    model: 'async',
    readiness: { path: '/health', timeoutMs: 30000 },
  },
  {
    '//': 'A Node server: node-style apps take the port from the environment. Model async = event loop.',
    name: 'myapp-node',
    command: ['node', 'server.js'],
    env: { PORT: '{port}', WORKERS: '{workers}' },
    model: 'async',
    readiness: { path: '/health', timeoutMs: 30000 },
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
