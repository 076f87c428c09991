// The JSON Schema of a config file's own targets and scenarios, every key with its description.
// One source for three readers: config.schema.json (editors), the keys a target may have
// (user-targets.ts refuses any other), and the README's key lists (config-keys-doc.ts renders them,
// a test holds the README to it), so a key cannot exist without being documented (issue 23:
// `views` and `family` decided the headline's pairs and the README did not list them).

type Schema = Record<string, unknown>;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const argv = { type: 'array', items: { type: 'string' }, minItems: 1 };
const comment = { '^//': {} };

const readiness = {
  type: 'object',
  description:
    'when a launched server counts as ready: `path` (default: the first scenario\'s path, else `/`, ready on any status below 500; a path you give must answer 200 unless `accept` says "non5xx"), `accept` ("ok" or "non5xx") and `timeoutMs` (default 30000)',
  properties: {
    path: { type: 'string', pattern: '^/' },
    accept: { enum: ['ok', 'non5xx'] },
    timeoutMs: { type: 'number', minimum: 100 },
  },
  additionalProperties: false,
};

/** Keys a launched target and an already-running one share. */
const common: Record<string, Schema> = {
  name: { type: 'string', pattern: '^[A-Za-z0-9][\\w.-]*$', description: "the target's name in --targets and the report; not a built-in name (see --list)" },
  description: { type: 'string', description: 'one line for --list and the report (default: the command, or the URL)' },
  model: {
    enum: ['async', 'sync-process', 'sync-threads'],
    description:
      "how the server runs requests at once (async, sync-process, sync-threads): decides the Little's-law ceiling, and the headline side when `views` is not given",
  },
  threads: { type: 'integer', minimum: 1, description: 'threads per worker for sync-threads (a launched one is given --threads as {threads})' },
  readiness,
  scenarios: { type: 'array', items: { type: 'string' }, description: 'the scenarios this target serves (default: every scenario of the run)' },
  family: {
    type: 'string',
    description:
      'the headline pairs an async target with a sync one of the same family (default: the name up to its first dash, so myapp-wsgi and myapp-asgi pair)',
  },
  views: { enum: ['async', 'sync'], description: 'which side of the headline the target is on (default: from `model`: async, or sync for the others)' },
  pidHeader: {
    type: 'string',
    description: 'a response header holding the pid of the worker process that answered (e.g. x-worker-pid): gives the per-worker request and connection split',
  },
};

export const LAUNCH_TARGET_SCHEMA: Schema = {
  type: 'object',
  required: ['name', 'command', 'model'],
  properties: {
    ...common,
    command: {
      ...argv,
      description: 'the server as an argv array (never one shell string) with {port}, {workers}, {threads} and {host}; bind 127.0.0.1:{port}',
    },
    cwd: { type: 'string', description: "folder the command runs in, relative to the config file (default: the config file's folder)" },
    env: { ...stringMap, description: 'environment for the command and its setup; values may use the placeholders, e.g. "PORT": "{port}"' },
    stop: {
      type: 'object',
      description:
        'how it is stopped: `signal` (SIGTERM, SIGINT or SIGQUIT; default SIGTERM) to its process group, then SIGKILL after `graceMs` (default 5000)',
      properties: { signal: { enum: ['SIGTERM', 'SIGINT', 'SIGQUIT'] }, graceMs: { type: 'number', minimum: 0 } },
      additionalProperties: false,
    },
    setup: { type: 'array', items: argv, description: 'argv arrays run once before its first launch (migrations, seeding), from `cwd`' },
    perWorkerLimit: {
      type: 'object',
      additionalProperties: { type: 'number', minimum: 1 },
      description: 'per scenario, the most requests one worker can work on at once when something other than the model limits it (a pool of N connections: N)',
    },
    limitNotes: { ...stringMap, description: 'per scenario, why that limit exists; shown next to the ceiling' },
  },
  patternProperties: comment,
  additionalProperties: false,
};

export const URL_TARGET_SCHEMA: Schema = {
  type: 'object',
  required: ['name', 'url'],
  properties: {
    ...common,
    url: {
      type: 'string',
      pattern: '^http://',
      description: 'a server you started yourself: nothing is launched or stopped, and the worker sweep is skipped (loopback unless --allow-remote)',
    },
  },
  patternProperties: comment,
  additionalProperties: false,
};

const oneOrMany = { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

export const EXPECT_SCHEMA: Schema = {
  type: 'object',
  description: 'what every response must be, checked on every response under load; a failed check lists every failing expectation',
  properties: {
    status: { type: 'integer', description: 'the HTTP status (default 200)' },
    bodyContains: { ...oneOrMany, description: 'text the body must contain, or a list of texts it must all contain' },
    bodyMatches: { ...oneOrMany, description: 'a regular expression the body must match ("^\\\\[" or "/^\\\\[/s"), or a list' },
    json: { type: 'object', description: 'JSON path → the value it must hold, e.g. {"books[0].id": 1}; "{id}" compares with the request\'s own value' },
    assert: {
      ...oneOrMany,
      description:
        'JSON assertions: "$.length == 20", "$[*].randomNumber is integer", "$[*].id >= 1", "$.name matches /^w/i", "$.next exists"; ' +
        "[*] means every element, .length an array's or a string's length; types: integer, number, string, boolean, null, array, object",
    },
    headers: { ...stringMap, description: 'response header → its exact value, or a "/regex/", e.g. {"content-type": "application/json"}' },
  },
  additionalProperties: false,
};

export const SCENARIO_SCHEMA: Schema = {
  type: 'object',
  required: ['name', 'path'],
  properties: {
    name: {
      type: 'string',
      pattern: '^[A-Za-z0-9][\\w.-]*$',
      description: "the scenario's name in --scenarios and the report; a built-in's name (db, sleep, …) is refused with how to name yours (e.g. app-db)",
    },
    title: { type: 'string', description: 'heading in the report (default: METHOD path)' },
    description: { type: 'string', description: 'a paragraph for the report' },
    method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], description: 'the HTTP method (default GET)' },
    path: { type: 'string', pattern: '^/', description: 'the request path; {name} placeholders are filled per request from `vars`' },
    headers: { ...stringMap, description: 'request headers' },
    body: { description: 'the request body: a string, or JSON (sent with content-type application/json); may hold {placeholders}' },
    vars: {
      type: 'object',
      description: 'placeholder → {"min": 1, "max": 500} (whole numbers, cycled per connection) or {"values": [...]}',
      additionalProperties: {
        oneOf: [
          { type: 'object', required: ['min', 'max'], properties: { min: { type: 'integer' }, max: { type: 'integer' } } },
          { type: 'object', required: ['values'], properties: { values: { type: 'array', minItems: 1 } } },
        ],
      },
    },
    expect: EXPECT_SCHEMA,
    delayMs: {
      type: 'number',
      exclusiveMinimum: 0,
      description:
        "the least time a request takes: gives the Little's-law ceiling (without it or periodMs, the ceiling is the cores ÷ CPU per request at low load)",
    },
    periodMs: { type: 'number', exclusiveMinimum: 0, description: 'time between events, for long-polling: gives the ceiling connections ÷ period' },
  },
  patternProperties: comment,
  additionalProperties: false,
};

/** The keys a config target of each kind may have, from the schema. */
export const LAUNCH_KEYS = Object.keys(LAUNCH_TARGET_SCHEMA.properties as Schema);
export const URL_KEYS = Object.keys(URL_TARGET_SCHEMA.properties as Schema);
