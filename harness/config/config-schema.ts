// Builds the JSON Schema for bench.config.json from the flag table, so that editors complete and
// check the same keys the CLI accepts. `config.schema.json` is this function's output, committed;
// a test fails when the two drift apart. Regenerate: npx tsx harness/config/config-schema.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAGS, configKeyOf, type FlagSpec } from './flags.js';
import { RUN_LEVEL_SCHEMA } from './run-level.js';

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const argv = { type: 'array', items: { type: 'string' }, minItems: 1, description: 'an argv array, never one shell string' };
const readiness = {
  type: 'object',
  properties: { path: { type: 'string', pattern: '^/' }, timeoutMs: { type: 'number', minimum: 100 } },
  additionalProperties: false,
};
const model = { enum: ['async', 'sync-process', 'sync-threads'], description: "how the server runs requests concurrently; decides the Little's-law ceiling" };
const comment = { '^//': {} };

const launchTarget = {
  type: 'object',
  required: ['name', 'command', 'model'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][\\w.-]*$' },
    description: { type: 'string' },
    command: { ...argv, description: 'argv array with {port}, {workers}, {threads} placeholders; bind 127.0.0.1:{port}' },
    cwd: { type: 'string', description: 'relative to this config file' },
    env: stringMap,
    readiness,
    stop: {
      type: 'object',
      properties: { signal: { enum: ['SIGTERM', 'SIGINT', 'SIGQUIT'] }, graceMs: { type: 'number', minimum: 0 } },
      additionalProperties: false,
    },
    model,
    threads: { type: 'integer', minimum: 1 },
    setup: { type: 'array', items: argv, description: 'commands run once before the first launch, e.g. migrations' },
    scenarios: { type: 'array', items: { type: 'string' } },
    perWorkerLimit: { type: 'object', additionalProperties: { type: 'number', minimum: 1 } },
    limitNotes: stringMap,
    family: { type: 'string' },
    views: { enum: ['async', 'sync'] },
  },
  patternProperties: comment,
  additionalProperties: false,
};
const urlTarget = {
  type: 'object',
  required: ['name', 'url'],
  properties: {
    name: { type: 'string' },
    description: { type: 'string' },
    url: { type: 'string', pattern: '^http://' },
    model,
    threads: { type: 'integer', minimum: 1 },
    readiness,
    scenarios: { type: 'array', items: { type: 'string' } },
    family: { type: 'string' },
    views: { enum: ['async', 'sync'] },
  },
  patternProperties: comment,
  additionalProperties: false,
};
const scenario = {
  type: 'object',
  required: ['name', 'path'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z0-9][\\w.-]*$' },
    title: { type: 'string' },
    description: { type: 'string' },
    method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] },
    path: { type: 'string', pattern: '^/', description: 'may hold {name} placeholders filled per request from vars' },
    headers: stringMap,
    body: { description: 'a string, or JSON (sent with content-type application/json)' },
    vars: {
      type: 'object',
      additionalProperties: {
        oneOf: [
          { type: 'object', required: ['min', 'max'], properties: { min: { type: 'integer' }, max: { type: 'integer' } } },
          { type: 'object', required: ['values'], properties: { values: { type: 'array', minItems: 1 } } },
        ],
      },
    },
    expect: {
      type: 'object',
      properties: {
        status: { type: 'integer' },
        bodyContains: { type: 'string' },
        json: { type: 'object', description: 'JSON path (a.b[0].c) → expected value' },
      },
      additionalProperties: false,
    },
    delayMs: { type: 'number', exclusiveMinimum: 0, description: 'least time a request takes; gives the ceiling' },
    periodMs: { type: 'number', exclusiveMinimum: 0, description: 'time between events (long-poll); gives the ceiling' },
  },
  patternProperties: comment,
  additionalProperties: false,
};

function flagSchema(f: FlagSpec): Record<string, unknown> {
  const d = { description: f.description + (f.defaultText ? ` (default: ${f.defaultText})` : '') };
  switch (f.type) {
    case 'ints':
      return {
        ...d,
        oneOf: [
          { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1 },
          { type: 'integer', minimum: 1 },
        ],
      };
    case 'int':
      return { ...d, type: 'integer' };
    case 'duration':
      return { ...d, type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s|m|h)$' };
    case 'boolean':
      return { ...d, type: 'boolean' };
    case 'params':
      return { ...d, type: 'object', additionalProperties: { type: 'object' } };
    case 'names':
      return { ...d, type: 'array', minItems: 1, items: { oneOf: [{ type: 'string' }, ...(f.name === 'targets' ? [launchTarget, urlTarget] : [scenario])] } };
    default:
      return { ...d, type: 'string' };
  }
}

export function buildConfigSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = { $schema: { type: 'string' } };
  for (const f of FLAGS) if (!f.cliOnly) properties[configKeyOf(f)] = flagSchema(f);
  Object.assign(properties, RUN_LEVEL_SCHEMA);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'asyncbench/config.schema.json',
    title: 'asyncbench config (bench.config.json)',
    type: 'object',
    properties,
    patternProperties: comment,
    additionalProperties: false,
  };
}

export const CONFIG_SCHEMA_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'config.schema.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.writeFileSync(CONFIG_SCHEMA_PATH, `${JSON.stringify(buildConfigSchema(), null, 2)}\n`);
  process.stdout.write(`wrote ${CONFIG_SCHEMA_PATH}\n`);
}
