// JSON assertions a config scenario's `expect.assert` lists, e.g. `$.length == 20` or
// `$[*].randomNumber is integer` (issue 23, TechEmpower's /queries): a path with `[*]` (every
// element) and `.length`, then a comparison, a type, a regex or `exists`. Parsed once when the
// config loads, with a problem naming the expression; evaluated on every response.

/** One parsed assertion: its text (for messages), its path, and the test each value must pass. */
export interface JsonAssertion {
  text: string;
  path: PathStep[];
  test: (v: unknown, vars: Record<string, string>) => boolean;
  /** What a failing value should have been, for the message, e.g. "an integer" or "== 20". */
  wants: string;
}

type PathStep = { key: string } | { index: number } | { every: true } | { length: true };

const TYPES: Record<string, (v: unknown) => boolean> = {
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};
const COMPARE = ['==', '!=', '<=', '>=', '<', '>'] as const;

/** `$.a.b[0][*].c.length` (or `a.b`, as `json` keys are written) → steps; null when it is not a path. */
export function parsePath(text: string): PathStep[] | null {
  let t = text.trim();
  if (t.startsWith('$')) t = t.slice(1);
  else if (/^[A-Za-z_]/.test(t)) t = `.${t}`;
  if (!/^(?:\.[A-Za-z_][\w-]*|\[\d+\]|\[\*\])*$/.test(t)) return null;
  const steps: PathStep[] = [];
  for (const part of t.match(/\.[A-Za-z_][\w-]*|\[\d+\]|\[\*\]/g) ?? []) {
    if (part === '[*]') steps.push({ every: true });
    else if (part.startsWith('[')) steps.push({ index: Number(part.slice(1, -1)) });
    else if (part === '.length') steps.push({ length: true });
    else steps.push({ key: part.slice(1) });
  }
  return steps;
}

/** Every value the path reaches ([*] fans out); a missing step gives undefined. */
export function valuesAt(root: unknown, steps: PathStep[]): unknown[] {
  let cur: unknown[] = [root];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if ('every' in s) {
        if (Array.isArray(v)) next.push(...v);
        else next.push(undefined);
      } else if ('length' in s) {
        if (Array.isArray(v) || typeof v === 'string') next.push(v.length);
        else next.push(v !== null && typeof v === 'object' ? (v as Record<string, unknown>).length : undefined);
      } else if ('index' in s) next.push(Array.isArray(v) ? v[s.index] : undefined);
      else next.push(v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[s.key] : undefined);
    }
    cur = next;
  }
  return cur;
}

/** A JSON literal, or a bare word as a string; `{name}` placeholders are filled per request. */
function literal(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const fillVars = (v: unknown, vars: Record<string, string>) => (typeof v === 'string' ? v.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m) : v);

function comparison(op: (typeof COMPARE)[number], rhs: unknown): (v: unknown, vars: Record<string, string>) => boolean {
  return (v, vars) => {
    const want = fillVars(rhs, vars);
    // A templated value ("{id}") compares as text, as `json` does: the request's value is a string.
    const a = typeof rhs === 'string' && /\{\w+\}/.test(rhs) ? String(v) : v;
    if (op === '==') return JSON.stringify(a) === JSON.stringify(want);
    if (op === '!=') return JSON.stringify(a) !== JSON.stringify(want);
    if (typeof a !== 'number' || typeof want !== 'number') return false;
    return op === '<' ? a < want : op === '<=' ? a <= want : op === '>' ? a > want : a >= want;
  };
}

/** Parses one assertion; pushes a problem naming it (at `at`) and returns null when it is not one. */
export function parseAssertion(text: unknown, at: string, problems: string[]): JsonAssertion | null {
  const bad = () => {
    problems.push(
      `${at}: ${JSON.stringify(text)} is not an assertion; write "<path> == <json>" (or !=, <, <=, >, >=), "<path> is integer" ` +
        `(${Object.keys(TYPES).join(', ')}), "<path> matches /regex/" or "<path> exists", with a path such as $.length or $[*].id`,
    );
    return null;
  };
  if (typeof text !== 'string') return bad();
  const m = /^\s*(\S+)\s+(==|!=|<=|>=|<|>|is|matches|exists)\s*(.*?)\s*$/.exec(text);
  const path = m ? parsePath(m[1] as string) : null;
  if (!m || !path) return bad();
  const [, , op, arg] = m as unknown as [string, string, string, string];
  if (op === 'exists') return arg === '' ? { text, path, test: (v) => v !== undefined, wants: 'to exist' } : bad();
  if (op === 'is') {
    const t = TYPES[arg];
    return t ? { text, path, test: (v) => t(v), wants: `${/^[aeiou]/.test(arg) ? 'an' : 'a'} ${arg}` } : bad();
  }
  if (op === 'matches') {
    const re = /^\/(.*)\/([gimsuy]*)$/.exec(arg);
    if (!re) return bad();
    try {
      const rx = new RegExp(re[1] as string, (re[2] as string).replace('g', ''));
      return { text, path, test: (v) => typeof v === 'string' && rx.test(v), wants: `to match ${arg}` };
    } catch (e) {
      problems.push(`${at}: ${JSON.stringify(text)}: invalid regex: ${(e as Error).message}`);
      return null;
    }
  }
  if (arg === '') return bad();
  return { text, path, test: comparison(op as (typeof COMPARE)[number], literal(arg)), wants: `${op} ${arg}` };
}

/** Why the assertion fails on this JSON (with the first offending value), or null when it holds. */
export function failureOf(a: JsonAssertion, json: unknown, vars: Record<string, string>): string | null {
  const values = valuesAt(json, a.path);
  const fanned = a.path.some((s) => 'every' in s);
  if (fanned && values.length === 0) return `${a.text}: no elements at ${a.text.split(/\s/)[0]}`;
  const i = values.findIndex((v) => !a.test(v, vars));
  if (i < 0) return null;
  const got = values[i] === undefined ? 'missing' : JSON.stringify(values[i]);
  return `${a.text}: ${fanned ? `element ${i} is` : 'got'} ${got}${fanned ? `, expected ${a.wants}` : ''}`;
}
