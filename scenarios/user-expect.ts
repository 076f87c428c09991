// What a config scenario expects of every response (its `expect`), read once with every problem
// named, and the check it becomes: the verdict the harness asks of each response under load.
import type { CheckResult } from '../harness/types.js';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Expectation {
  status: number;
  bodyContains?: string;
  /** JSON paths and the value each must hold; a string may use the request's {placeholders}. */
  json: Record<string, unknown>;
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

/** `expect`, checked: every problem is pushed, and null returned when there was any. */
export function parseExpect(raw: unknown, at: string, problems: string[]): Expectation | null {
  const before = problems.length;
  const expect = raw === undefined ? {} : raw;
  if (!isObj(expect)) problems.push(`${at}: expected {"status": 200, "bodyContains": "...", "json": {"path": value}}`);
  const e = (isObj(expect) ? expect : {}) as { status?: unknown; bodyContains?: unknown; json?: unknown };
  const status = e.status ?? 200;
  if (!Number.isInteger(status)) problems.push(`${at}.status: expected an HTTP status such as 200`);
  if (e.bodyContains !== undefined && typeof e.bodyContains !== 'string') problems.push(`${at}.bodyContains: expected a string`);
  if (e.json !== undefined && !isObj(e.json)) problems.push(`${at}.json: expected an object of JSON paths to values, e.g. {"books[0].id": 1}`);
  if (problems.length > before) return null;
  return { status: status as number, bodyContains: e.bodyContains as string | undefined, json: (e.json ?? {}) as Record<string, unknown> };
}

/** The verdict on one response; `vars` are the values the request's placeholders took. */
export function checkResponse(e: Expectation, status: number, body: string, vars: Record<string, string>): CheckResult {
  if (status !== e.status) return { ok: false, reason: `status ${status}, expected ${e.status}` };
  if (e.bodyContains !== undefined && !body.includes(e.bodyContains)) return { ok: false, reason: `body does not contain ${JSON.stringify(e.bodyContains)}` };
  if (Object.keys(e.json).length === 0) return { ok: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, reason: `body is not JSON: ${body.slice(0, 120)}` };
  }
  for (const [p, want] of Object.entries(e.json)) {
    const got = jsonPath(parsed, p);
    const expected = typeof want === 'string' ? fill(want, vars) : want;
    const same = typeof want === 'string' && /\{\w+\}/.test(want) ? String(got) === expected : JSON.stringify(got) === JSON.stringify(expected);
    if (!same) return { ok: false, reason: `${p} is ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}` };
  }
  return { ok: true };
}
