// What a scenario file builds on: defineScenario for typed definitions, the shared body checks every
// built-in uses, parameter defaults, and a scenario's Python check read from beside it.
import fs from 'node:fs';
import type { CheckResult, ParamSpec, Params, ScenarioDef } from '../harness/types.js';

/**
 * A scenario's check in Python for the locust engine, from the .py file beside its .ts (the build
 * copies it into dist/): the request and the check live next to the TypeScript they port.
 */
export function pythonBeside(moduleUrl: string, file: string): string {
  return fs.readFileSync(new URL(`./${file}`, moduleUrl), 'utf8');
}

/** Identity helper that gives scenario files full type inference. */
export function defineScenario(def: ScenarioDef): ScenarioDef {
  return def;
}

/** The scenario's defaults, overridden by the given params. */
export function resolveParams(specs: Record<string, ParamSpec>, given: Params = {}): Params {
  const out: Params = {};
  for (const [key, spec] of Object.entries(specs)) out[key] = given[key] ?? spec.default;
  return out;
}

export function num(params: Params, key: string): number {
  const v = params[key];
  return typeof v === 'number' ? v : Number(v);
}

/** Parses a JSON body and runs field checks; the first mismatch becomes the reason. */
export function checkJson(
  status: number,
  body: string,
  fields: (json: Record<string, unknown>) => string | null,
): CheckResult & { json?: Record<string, unknown> } {
  if (status !== 200) return { ok: false, reason: `status ${status}, expected 200${errorOf(body)}` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: `body is not JSON: ${body.slice(0, 120)}` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, reason: 'body is not a JSON object' };
  }
  const obj = json as Record<string, unknown>;
  const reason = fields(obj);
  return reason ? { ok: false, reason } : { ok: true, json: obj };
}

/** `expected` must equal `json[key]`, else a reason naming both. */
export function expectField(json: Record<string, unknown>, key: string, expected: unknown): string | null {
  return json[key] === expected ? null : `${key} is ${JSON.stringify(json[key])}, expected ${JSON.stringify(expected)}`;
}

/** Common fields: every reference body names its worker pid and its handler time. */
export function expectServerFields(json: Record<string, unknown>): string | null {
  if (!Number.isInteger(json.pid)) return `pid is ${JSON.stringify(json.pid)}, expected an integer`;
  if (typeof json.serverMs !== 'number') return `serverMs is ${JSON.stringify(json.serverMs)}, expected a number`;
  return null;
}

export function firstProblem(...problems: Array<string | null>): string | null {
  return problems.find((p) => p !== null) ?? null;
}

/** A reference server's error body ({"error": ...}) as a reason suffix, so a 500 names its exception. */
function errorOf(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: unknown };
    return typeof j.error === 'string' ? `: ${j.error}` : '';
  } catch {
    return '';
  }
}
