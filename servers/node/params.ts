// Query-string parsing per servers/CONTRACT.md: decimal integers, ranges enforced, 400 otherwise.

export class BadRequest extends Error {}

/** A missing parameter takes its default; a present one must be a decimal integer in min..max. */
export function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null) return def;
  if (!/^\d+$/.test(raw)) throw new BadRequest(`${name} must be a decimal integer in ${min}..${max}, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new BadRequest(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}
