// Scenarios declared in a config file, turned into the same ScenarioDef the built-in ones are.
import type { CheckResult, Params, ScenarioDef } from '../harness/types.js';
import { ceilingFromDelay } from '../harness/theory/ceiling.js';
import { checkResponse, fill, isObj, needsHeaders, parseExpect } from './user-expect.js';

/** Every key a config scenario may have (harness/config/item-schemas.ts documents each; a test holds the two together). */
export const SCENARIO_KEYS = ['name', 'title', 'description', 'method', 'path', 'headers', 'body', 'vars', 'expect', 'delayMs', 'periodMs'];
const KEYS = SCENARIO_KEYS;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A placeholder's values: whole numbers from min to max (cycled per connection), or a list. */
type VarSpec = { min: number; max: number } | { values: Array<string | number> };

function nextVars(specs: Record<string, VarSpec>, state: Record<string, unknown>): Record<string, string> {
  const n = (state.seq as number | undefined) ?? 0;
  const offset = (state.offset as number | undefined) ?? Math.floor(Math.random() * 1_000_000);
  state.offset = offset;
  state.seq = n + 1;
  const out: Record<string, string> = {};
  for (const [k, spec] of Object.entries(specs)) {
    if ('values' in spec) out[k] = String(spec.values[(n + offset) % spec.values.length]);
    else out[k] = String(spec.min + ((n + offset) % (spec.max - spec.min + 1)));
  }
  return out;
}

function parseVars(raw: unknown, at: string, problems: string[]): Record<string, VarSpec> {
  const vars: Record<string, VarSpec> = {};
  if (raw === undefined) return vars;
  if (!isObj(raw)) {
    problems.push(`${at}: expected {"id": {"min": 1, "max": 500}} or {"id": {"values": [...]}}`);
    return vars;
  }
  for (const [k, v] of Object.entries(raw)) {
    if (isObj(v) && Number.isInteger(v.min) && Number.isInteger(v.max) && (v.max as number) >= (v.min as number))
      vars[k] = { min: v.min as number, max: v.max as number };
    else if (isObj(v) && Array.isArray(v.values) && v.values.length > 0) vars[k] = { values: v.values as Array<string | number> };
    else problems.push(`${at}.${k}: expected {"min": 1, "max": 500} (whole numbers, max ≥ min) or {"values": [...]}`);
  }
  return vars;
}

export function parseUserScenario(raw: unknown, at: string, source: string, problems: string[]): ScenarioDef | null {
  if (!isObj(raw)) {
    problems.push(`${at}: expected a scenario object or the name of a built-in scenario`);
    return null;
  }
  const before = problems.length;
  for (const k of Object.keys(raw)) if (!KEYS.includes(k) && !k.startsWith('//')) problems.push(`${at}.${k}: unknown key (known: ${KEYS.join(', ')})`);
  const name = raw.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(name)) problems.push(`${at}.name: expected a name of letters, digits, ".", "_" or "-"`);
  const method = String(raw.method ?? 'GET').toUpperCase();
  if (!METHODS.includes(method)) problems.push(`${at}.method: "${String(raw.method)}" is not one of ${METHODS.join(', ')}`);
  if (typeof raw.path !== 'string' || !raw.path.startsWith('/')) problems.push(`${at}.path: expected a path starting with /, e.g. "/books/{id}"`);
  if (raw.headers !== undefined && (!isObj(raw.headers) || !Object.values(raw.headers).every((v) => typeof v === 'string')))
    problems.push(`${at}.headers: expected an object of string values`);
  const bodyText = raw.body === undefined ? undefined : typeof raw.body === 'string' ? raw.body : JSON.stringify(raw.body);
  const headers: Record<string, string> = { ...((raw.headers as Record<string, string>) ?? {}) };
  if (raw.body !== undefined && typeof raw.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';

  const vars = parseVars(raw.vars, `${at}.vars`, problems);
  const used = `${String(raw.path ?? '')} ${bodyText ?? ''}`.match(/\{(\w+)\}/g) ?? [];
  for (const u of used) if (!(u.slice(1, -1) in vars)) problems.push(`${at}: placeholder ${u} has no entry in "vars"`);

  const expectation = parseExpect(raw.expect, `${at}.expect`, problems);
  for (const k of ['delayMs', 'periodMs'] as const) {
    if (raw[k] !== undefined && !(typeof raw[k] === 'number' && (raw[k] as number) > 0)) problems.push(`${at}.${k}: expected milliseconds above 0`);
  }
  if (raw.delayMs !== undefined && raw.periodMs !== undefined) problems.push(`${at}: give delayMs or periodMs, not both`);
  if (problems.length > before) return null;

  const waitKey = raw.delayMs !== undefined ? 'delayMs' : raw.periodMs !== undefined ? 'periodMs' : null;
  const params: ScenarioDef['params'] = waitKey
    ? {
        [waitKey]: {
          default: raw[waitKey] as number,
          unit: 'ms',
          description: waitKey === 'delayMs' ? 'the least time each request takes' : 'time between events',
          min: 0,
        },
      }
    : {};
  return {
    id: name as string,
    title: typeof raw.title === 'string' ? raw.title : `${method} ${String(raw.path)}`,
    explanation:
      typeof raw.description === 'string'
        ? raw.description
        : `${method} ${String(raw.path)}, declared in ${source}.${waitKey ? '' : ' No delay was declared, so there is no theoretical ceiling and efficiency is unknown.'}`,
    params,
    request(_params: Params, state) {
      const v = nextVars(vars, state);
      state.vars = v;
      return { method, path: fill(raw.path as string, v), headers, body: bodyText === undefined ? undefined : fill(bodyText, v) };
    },
    check: (st, body, _params, state, _timing, headers): CheckResult =>
      checkResponse(expectation!, st, body, (state.vars as Record<string, string>) ?? {}, headers),
    responseHeaders: needsHeaders(expectation!),
    floorLatencyMs: (p) => (waitKey === 'delayMs' ? (p.delayMs as number) : undefined),
    ceilingRps: waitKey ? ({ slots, params: p }) => ceilingFromDelay(slots, p[waitKey] as number) ?? undefined : undefined,
    source,
    origin: { kind: 'config', raw, source },
  };
}
