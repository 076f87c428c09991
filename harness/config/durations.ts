// Durations are written with units ("10s", "500ms", "2m") so that "10" can never be misread.

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds for "500ms" | "10s" | "2m" | "1h"; an error message when it cannot be parsed. */
export function parseDuration(input: unknown): { ok: true; seconds: number } | { ok: false; error: string } {
  if (typeof input === 'number') {
    return { ok: false, error: `${input} has no unit: write ${input}s (or ms, m)` };
  }
  if (typeof input !== 'string') return { ok: false, error: `expected a duration such as "10s", got ${JSON.stringify(input)}` };
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(input);
  if (!m) {
    if (/^\s*\d+(\.\d+)?\s*$/.test(input)) return { ok: false, error: `"${input}" has no unit: write ${input.trim()}s (or ms, m)` };
    return { ok: false, error: `"${input}" is not a duration: write e.g. 10s, 500ms or 2m` };
  }
  return { ok: true, seconds: Number(m[1]) * (UNITS[m[2] as string] as number) };
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 120) return `${Number(seconds.toFixed(2))}s`;
  return `${Number((seconds / 60).toFixed(1))}m`;
}
