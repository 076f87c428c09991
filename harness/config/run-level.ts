// Config-file keys about the run as a whole rather than one option (issue 23): commands run once
// before and after it (`setup`, `teardown`: start and stop a database, say) and processes sampled
// beside every server (`resources.also`: the database itself, by process name or pid file), whose
// CPU joins each cell's CPU per request. A config file only: they run programs with the user's
// rights, as the targets' own commands do, and nothing on the command line should.
import path from 'node:path';

import type { AlsoProcess, RunLevelOptions } from '../types.js';

export type { AlsoProcess, RunLevelOptions } from '../types.js';

export const RUN_LEVEL_KEYS = ['setup', 'teardown', 'resources'] as const;

export const NO_RUN_LEVEL: RunLevelOptions = { setup: [], teardown: [], cwd: null, also: [] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function commands(v: unknown, key: string, problems: string[]): string[][] {
  if (v === undefined) return [];
  const ok = Array.isArray(v) && v.every((c) => Array.isArray(c) && c.length > 0 && c.every((a) => typeof a === 'string'));
  if (!ok) problems.push(`"${key}" in the config file: expected an array of argv arrays, e.g. [["pg_ctl", "-D", "pgdata", "start"]] (never one shell string)`);
  return ok ? (v as string[][]) : [];
}

function also(v: unknown, baseDir: string, problems: string[]): AlsoProcess[] {
  if (v === undefined) return [];
  const bad = `"resources" in the config file: expected {"also": ["postgres", {"pidFile": "pgdata/postmaster.pid"}]} (process names or pid files)`;
  if (!isObj(v) || Object.keys(v).some((k) => k !== 'also' && !k.startsWith('//')) || !Array.isArray(v.also)) {
    problems.push(bad);
    return [];
  }
  const out: AlsoProcess[] = [];
  v.also.forEach((a: unknown, i: number) => {
    if (typeof a === 'string' && a.trim() !== '') out.push({ name: a.trim() });
    else if (isObj(a) && typeof a.name === 'string') out.push({ name: a.name });
    else if (isObj(a) && typeof a.pidFile === 'string') out.push({ pidFile: path.resolve(baseDir, a.pidFile) });
    else problems.push(`"resources.also[${i}]" in the config file: expected a process name ("postgres") or {"pidFile": "path"}`);
  });
  return out;
}

/** The run-level keys of a config file, checked, with relative paths taken from the file's folder. */
export function readRunLevel(file: Obj, configPath: string | null, problems: string[]): RunLevelOptions {
  const baseDir = configPath ? path.dirname(configPath) : process.cwd();
  return {
    setup: commands(file.setup, 'setup', problems),
    teardown: commands(file.teardown, 'teardown', problems),
    cwd: configPath ? baseDir : null,
    also: also(file.resources, baseDir, problems),
  };
}

const argvs = { type: 'array', items: { type: 'array', items: { type: 'string' }, minItems: 1 } };

/** The keys' JSON Schema, for config.schema.json (config-schema.ts). */
export const RUN_LEVEL_SCHEMA: Record<(typeof RUN_LEVEL_KEYS)[number], Record<string, unknown>> = {
  setup: { ...argvs, description: 'commands run once before the run (argv arrays, from the config folder, with your rights), e.g. starting a database' },
  teardown: { ...argvs, description: 'commands run once after the run, however it ended (argv arrays), e.g. stopping that database' },
  resources: {
    type: 'object',
    description:
      '{"also": ["postgres", {"pidFile": "pgdata/postmaster.pid"}]}: processes sampled beside every server over each cell\'s window, by name or by a pid file (that pid and its children); their CPU per request is shown apart and in the total',
    properties: {
      also: {
        type: 'array',
        items: {
          oneOf: [
            { type: 'string' },
            { type: 'object', required: ['pidFile'], properties: { pidFile: { type: 'string' } }, additionalProperties: false },
            { type: 'object', required: ['name'], properties: { name: { type: 'string' } }, additionalProperties: false },
          ],
        },
        description:
          'processes sampled beside every server (a name such as "postgres", or {"pidFile": ...} for that pid and its children); their CPU joins CPU per request',
      },
    },
    patternProperties: { '^//': {} },
    additionalProperties: false,
  },
};
