// Reads option values from the config file (JSON types) and the command line (strings; it wins),
// checking each against its type and range, and collecting every problem instead of throwing at the
// first, so resolve.ts can report them all at once, each with the flag or config key it is about.
import type { SloGoal } from '../types.js';
import { formatDuration, parseDuration } from './durations.js';
import { FLAGS, configKeyOf } from './flags.js';
import { formatCpuList, parseCpuList, availableCpus } from '../host/cpus.js';
import { unknownNameMessage } from './suggest.js';

/** A value and where it came from (`--workers`, or `"workers" in the config file`), for messages. */
export type Picked = { value: unknown; from: string } | undefined;

/** The flag a user typed for a config key (e.g. params → --param). */
export function flagName(key: string): string {
  return FLAGS.find((f) => configKeyOf(f) === key)?.name ?? key;
}

export class OptionReader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly file: Record<string, unknown>,
    private readonly cli: Record<string, unknown>,
  ) {}

  pick(key: string): Picked {
    if (key in this.cli) return { value: this.cli[key], from: `--${flagName(key)}` };
    if (key in this.file) return { value: this.file[key], from: `"${key}" in the config file` };
    return undefined;
  }

  given(key: string): boolean {
    return this.pick(key) !== undefined;
  }

  names(key: string, kind: string, known: string[]): string[] | undefined {
    const p = this.pick(key);
    if (p === undefined) return undefined;
    const items = listOf(p).map((v) => (typeof v === 'object' && v !== null && 'name' in v ? String((v as { name: unknown }).name) : String(v)));
    if (items.length === 0) return this.fail(p, `the list is empty; name at least one ${kind}`);
    for (const n of items) if (!known.includes(n)) this.problems.push(`${p.from}: ${unknownNameMessage(kind, n, known)}`);
    return [...new Set(items)];
  }

  ints(key: string, min: number, max: number): number[] | undefined {
    const p = this.pick(key);
    if (p === undefined) return undefined;
    const items = listOf(p);
    if (items.length === 0) this.problems.push(`${p.from}: the list is empty`);
    const out = items.map((v) => this.checkInt(p, v, min, max)).filter((n): n is number => n !== undefined);
    return out.length === items.length && out.length > 0 ? [...new Set(out)].sort((a, b) => a - b) : undefined;
  }

  int(key: string, min: number, max: number): number | undefined {
    const p = this.pick(key);
    return p === undefined ? undefined : this.checkInt(p, p.value, min, max);
  }

  duration(key: string, minS: number): number | undefined {
    const p = this.pick(key);
    if (p === undefined) return undefined;
    const d = parseDuration(p.value);
    if (!d.ok) return this.fail(p, d.error);
    if (d.seconds < minS) return this.fail(p, `${formatDuration(d.seconds)} is too short to measure; use at least ${formatDuration(minS)}`);
    return d.seconds;
  }

  bool(key: string): boolean | undefined {
    const p = this.pick(key);
    if (p === undefined) return undefined;
    if (typeof p.value === 'boolean') return p.value;
    return this.fail(p, `expected true or false, got ${JSON.stringify(p.value)}`);
  }

  string(key: string): string | undefined {
    const p = this.pick(key);
    return p === undefined ? undefined : String(p.value);
  }

  /** `--loadgen-cpus 0-1`: every CPU must be one this process may run on. */
  cpuSet(key: string): number[] | undefined {
    const p = this.pick(key);
    if (p === undefined) return undefined;
    const parsed = parseCpuList(String(p.value));
    if (typeof parsed === 'string') return this.fail(p, parsed);
    const have = availableCpus();
    const missing = parsed.filter((c) => !have.includes(c));
    if (missing.length > 0) return this.fail(p, `CPU ${formatCpuList(missing)} does not exist here; this machine has CPUs ${formatCpuList(have)}`);
    return parsed;
  }

  /** `--slo p99<250ms`. */
  slo(key: string): SloGoal | null {
    const p = this.pick(key);
    if (p === undefined) return null;
    const g = parseSlo(String(p.value));
    return typeof g === 'string' ? (this.fail(p, g) ?? null) : g;
  }

  /** Records `problem` against the value's source and returns undefined (for `return this.fail(…)`). */
  fail(p: NonNullable<Picked>, problem: string): undefined {
    this.problems.push(`${p.from}: ${problem}`);
    return undefined;
  }

  private checkInt(p: NonNullable<Picked>, v: unknown, min: number, max: number): number | undefined {
    const n = intValue(v);
    if (n === undefined) return this.fail(p, `"${String(v)}" is not a whole number`);
    if (n < min || n > max) return this.fail(p, `${n} is out of range (${min} to ${max})`);
    return n;
  }
}

/** A comma-separated string (CLI) or a JSON array (config) as a list. */
export function listOf(p: NonNullable<Picked>): unknown[] {
  if (Array.isArray(p.value)) return p.value;
  if (typeof p.value === 'string')
    return p.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return [p.value];
}

function intValue(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/** `--slo p99<250ms`: any percentile (p50, p99.9, …), a bound in ms or s. */
export function parseSlo(text: string): SloGoal | string {
  const m = /^\s*p(\d+(?:\.\d+)?)\s*<\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/i.exec(text);
  if (!m) return `"${text}" is not a latency goal; write it as pNN<BOUND with a unit, e.g. p99<250ms, p50<1s or p99.9<500ms`;
  const percentile = Number(m[1]);
  const boundMs = Number(m[2]) * ((m[3] as string).toLowerCase() === 's' ? 1000 : 1);
  if (!(percentile > 0 && percentile < 100)) return `p${m[1]}: the percentile must be above 0 and below 100`;
  if (!(boundMs > 0)) return `${m[2]}${m[3]}: the bound must be above 0`;
  return { percentile, boundMs, text: `p${percentile}<${boundMs}ms` };
}
