// Builds the JSON Schema for bench.config.json from the flag table, so that editors complete and
// check the same keys the CLI accepts. `config.schema.json` is this function's output, committed;
// a test fails when the two drift apart. Regenerate: npx tsx harness/config/config-schema.ts
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAGS, configKeyOf, type FlagSpec } from './flags.js';
import { RUN_LEVEL_SCHEMA } from './run-level.js';
import { LAUNCH_TARGET_SCHEMA, SCENARIO_SCHEMA, URL_TARGET_SCHEMA } from './item-schemas.js';

const comment = { '^//': {} };

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
      return {
        ...d,
        type: 'array',
        minItems: 1,
        items: { oneOf: [{ type: 'string' }, ...(f.name === 'targets' ? [LAUNCH_TARGET_SCHEMA, URL_TARGET_SCHEMA] : [SCENARIO_SCHEMA])] },
      };
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
