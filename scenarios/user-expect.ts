// What a config scenario expects of every response (its `expect`), read once with every problem
// named, and the check it becomes: the verdict the harness asks of each response under load.
import type { CheckResult } from '../harness/types.js';
import { failureOf, parseAssertion, type JsonAssertion } from './json-assert.js';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Expectation {
  status: number;
  /** Substrings the body must hold, every one. */
  bodyContains: string[];
  /** Regular expressions the body must match, every one. */
  bodyMatches: RegExp[];
  /** JSON paths and the value each must hold; a string may use the request's {placeholders}. */
  json: Record<string, unknown>;
  /** JSON assertions with types, lengths and [*] (scenarios/json-assert.ts). */
  assert: JsonAssertion[];
  /** Response headers (lower-case names): the exact value, or a /regex/. */
  headers: Record<string, string | RegExp>;
}

/** Reads `a.b[0].c` (a leading `$.` is allowed) out of parsed JSON. */
export function jsonPath(value: unknown, p: string): unknown {
  const parts = p
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((x) => x !== undefined && x !== '');
  let cur: unknown = value;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A text with its {placeholders} filled from `vars` (an unknown one is left as written). */
export function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

const EXPECT_KEYS = ['status', 'bodyContains', 'bodyMatches', 'json', 'assert', 'headers'];

/** A "/regex/flags" text as a RegExp; a problem naming `at` when it is not one. */
function regexOf(text: unknown, at: string, problems: string[], bare = true): RegExp | null {
  if (typeof text !== 'string') {
    problems.push(`${at}: expected a regular expression as a string`);
    return null;
  }
  const m = /^\/(.*)\/([imsu]*)$/s.exec(text);
  try {
    return m ? new RegExp(m[1] as string, m[2]) : bare ? new RegExp(text) : null;
  } catch (e) {
    problems.push(`${at}: invalid regular expression: ${(e as Error).message}`);
    return null;
  }
}

/** One string or a list of them (bodyContains, bodyMatches, assert). */
const listOf = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `expect`, checked: every problem is pushed, and null returned when there was any. */
export function parseExpect(raw: unknown, at: string, problems: string[]): Expectation | null {
  const before = problems.length;
  const expect = raw === undefined ? {} : raw;
  if (!isObj(expect)) problems.push(`${at}: expected {"status": 200, "bodyContains": "...", "json": {"path": value}, "assert": ["$.length == 20"]}`);
  const e = (isObj(expect) ? expect : {}) as Record<string, unknown>;
  for (const k of Object.keys(e)) if (!EXPECT_KEYS.includes(k)) problems.push(`${at}.${k}: unknown key (known: ${EXPECT_KEYS.join(', ')})`);
  const status = e.status ?? 200;
  if (!Number.isInteger(status)) problems.push(`${at}.status: expected an HTTP status such as 200`);
  const contains = listOf(e.bodyContains);
  if (!contains.every((x) => typeof x === 'string')) problems.push(`${at}.bodyContains: expected a string or a list of strings`);
  const matches = listOf(e.bodyMatches).map((x, i) => regexOf(x, `${at}.bodyMatches${Array.isArray(e.bodyMatches) ? `[${i}]` : ''}`, problems));
  if (e.json !== undefined && !isObj(e.json)) problems.push(`${at}.json: expected an object of JSON paths to values, e.g. {"books[0].id": 1}`);
  const asserts = listOf(e.assert).map((x, i) => parseAssertion(x, `${at}.assert${Array.isArray(e.assert) ? `[${i}]` : ''}`, problems));
  const headers: Record<string, string | RegExp> = {};
  if (e.headers !== undefined && !isObj(e.headers)) problems.push(`${at}.headers: expected {"content-type": "application/json"} (a value or a /regex/)`);
  for (const [k, v] of Object.entries(isObj(e.headers) ? e.headers : {})) {
    if (typeof v !== 'string') problems.push(`${at}.headers.${k}: expected a string value, or a /regex/`);
    else headers[k.toLowerCase()] = regexOf(v, `${at}.headers.${k}`, problems, false) ?? v;
  }
  if (problems.length > before) return null;
  return {
    status: status as number,
    bodyContains: contains as string[],
    bodyMatches: matches as RegExp[],
    json: (e.json ?? {}) as Record<string, unknown>,
    assert: asserts as JsonAssertion[],
    headers,
  };
}

/** Whether checking this expectation needs the response's headers (the engine then collects them). */
export const needsHeaders = (e: Expectation): boolean => Object.keys(e.headers).length > 0;

/** The body's failures: substrings, regexes, then JSON paths and assertions (JSON parsed once). */
function bodyFailures(e: Expectation, body: string, vars: Record<string, string>): string[] {
  const out: string[] = [];
  for (const c of e.bodyContains) if (!body.includes(c)) out.push(`body does not contain ${JSON.stringify(c)}`);
  for (const r of e.bodyMatches) if (!r.test(body)) out.push(`body does not match ${String(r)}`);
  if (Object.keys(e.json).length === 0 && e.assert.length === 0) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [...out, `body is not JSON: ${body.slice(0, 120)}`];
  }
  for (const [p, want] of Object.entries(e.json)) {
    const got = jsonPath(parsed, p);
    const expected = typeof want === 'string' ? fill(want, vars) : want;
    const same = typeof want === 'string' && /\{\w+\}/.test(want) ? String(got) === expected : JSON.stringify(got) === JSON.stringify(expected);
    if (!same) out.push(`${p} is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
  for (const a of e.assert) {
    const why = failureOf(a, parsed, vars);
    if (why) out.push(why);
  }
  return out;
}

/**
 * The verdict on one response, listing every expectation it fails (issue 23: not only the first);
 * `vars` are the values the request's placeholders took, `headers` the response's (lower-case names).
 */
export function checkResponse(e: Expectation, status: number, body: string, vars: Record<string, string>, headers: Record<string, string> = {}): CheckResult {
  const out: string[] = [];
  if (status !== e.status) out.push(`status ${status}, expected ${e.status}`);
  for (const [k, want] of Object.entries(e.headers)) {
    const got = headers[k];
    const ok = got !== undefined && (typeof want === 'string' ? got === want : want.test(got));
    if (!ok)
      out.push(
        `header ${k} is ${got === undefined ? 'missing' : JSON.stringify(got)}, expected ${typeof want === 'string' ? JSON.stringify(want) : String(want)}`,
      );
  }
  // A wrong status usually carries an error page: its body failures would only repeat that.
  if (out.length === 0 || status === e.status) out.push(...bodyFailures(e, body, vars));
  return out.length === 0 ? { ok: true } : { ok: false, reason: out.join('; ') };
}
