import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/index.js';
import { isBenchError } from '../errors.js';
import type { TargetDef } from '../types.js';
import { parseDuration } from './durations.js';
import { parseArgs } from './parse-args.js';
import { resolveOptions } from './resolve.js';
import type { Catalog } from '../types.js';
import { closest } from './suggest.js';

const target = (name: string): TargetDef => ({
  kind: 'launch',
  name,
  description: name,
  command: ['true'],
  readiness: { path: '/health', timeoutMs: 1000 },
  stop: { signal: 'SIGTERM', graceMs: 100 },
  model: 'async',
  source: 'built-in',
});
const catalog: Catalog = { targets: ['node-async', 'node-sync', 'django-wsgi-sync', 'django-asgi-uvicorn'].map(target), scenarios: builtinScenarios };
const ctx = { runId: 'r1', configPath: null };

function problemsOf(cli: Record<string, unknown>, file: Record<string, unknown> = {}): string[] {
  try {
    resolveOptions(file, cli, catalog, ctx);
  } catch (e) {
    if (isBenchError(e)) return e.problems;
    throw e;
  }
  return [];
}

describe('resolveOptions', () => {
  it('fills every default when nothing is given', () => {
    const { options } = resolveOptions({}, {}, catalog, ctx);
    expect(options.targets).toEqual(['node-async', 'node-sync', 'django-wsgi-sync', 'django-asgi-uvicorn']);
    expect(options.scenarios).toEqual(['sleep', 'db', 'longpoll']);
    expect(options.workers).toEqual([1, 2, 4]);
    expect(options.connections).toEqual([10, 100]);
    expect(options.durationS).toBe(2);
    expect(options.outDir).toBe('reports/r1');
  });

  it('reports every problem at once, each naming its option and the fix', () => {
    const problems = problemsOf({ targets: 'nod-async', workers: '0,x', duration: '10', connections: '-5', repeat: 'two' });
    expect(problems).toHaveLength(6);
    expect(problems).toContain(
      '--targets: unknown target "nod-async": did you mean "node-async"? (known: node-async, node-sync, django-wsgi-sync, django-asgi-uvicorn)',
    );
    expect(problems).toContain('--workers: 0 is out of range (1 to 256)');
    expect(problems).toContain('--workers: "x" is not a whole number');
    expect(problems).toContain('--duration: "10" has no unit: write 10s (or ms, m)');
    expect(problems).toContain('--connections: -5 is out of range (1 to 10000)');
    expect(problems).toContain('--repeat: "two" is not a whole number');
  });

  it('rejects durations too short to measure', () => {
    expect(problemsOf({ duration: '100ms' })).toEqual(['--duration: 100ms is too short to measure; use at least 500ms']);
  });

  it('lets the command line win over the config file and names the file in its problems', () => {
    const { options } = resolveOptions({ workers: [8], duration: '5s' }, { workers: '2' }, catalog, ctx);
    expect(options.workers).toEqual([2]);
    expect(options.durationS).toBe(5);
    expect(problemsOf({}, { connections: [10, 'many'] })).toEqual(['"connections" in the config file: "many" is not a whole number']);
  });

  it('checks scenario parameters against their specs', () => {
    const { options } = resolveOptions({}, { params: ['sleep.ms=250'] }, catalog, ctx);
    expect(options.params).toEqual({ sleep: { ms: 250 } });
    expect(problemsOf({ params: ['sleep.msec=1', 'slep.ms=2', 'sleep.ms=abc', 'db.rows=9999', 'oops', 'upstream.client=requests'] })).toEqual([
      '--param: "oops" is not SCENARIO.KEY=VALUE (e.g. sleep.ms=200)',
      '--param: scenario "sleep" has no parameter "msec" (it has: ms)',
      '--param: unknown scenario "slep": did you mean "sleep"? (known: sleep, db, longpoll, stream, upstream, sync-to-async)',
      '--param: sleep.ms must be a number in ms, got "abc"',
      '--param: db.rows=9999 is out of range (1 to 500)',
      '--param: upstream.client must be one of aiohttp, httpx, got "requests"',
    ]);
  });

  it('quick mode shortens the matrix and warns about many workers on few cores', () => {
    const quick = resolveOptions({}, { quick: true }, catalog, ctx).options;
    expect(quick.workers).toEqual([2]);
    expect(quick.durationS).toBe(1);
    const { warnings } = resolveOptions({}, { workers: '100' }, { ...catalog }, ctx);
    expect(warnings.join('\n')).toMatch(/100 workers on \d+ cores/);
  });
});

describe('parseArgs', () => {
  it('reads --flag value, --flag=value and booleans, and flags unknown options with a suggestion', () => {
    const a = parseArgs(['--workers', '1,2', '--duration=5s', '--quick', '--param', 'sleep.ms=5', '--param', 'db.rows=3', '--conections', '10', '--list']);
    expect(a.values).toEqual({ workers: '1,2', duration: '5s', quick: true, params: ['sleep.ms=5', 'db.rows=3'] });
    expect(a.actions).toEqual({ list: true });
    expect(a.problems).toEqual(['unknown option --conections: did you mean --connections?']);
    expect(a.positionals).toEqual(['10']);
  });
  it('reports a flag whose value is missing', () => {
    expect(parseArgs(['--workers']).problems).toEqual(['--workers needs a value (LIST)']);
  });
});

describe('durations and suggestions', () => {
  it('parses units and refuses bare numbers', () => {
    expect(parseDuration('500ms')).toEqual({ ok: true, seconds: 0.5 });
    expect(parseDuration('2m')).toEqual({ ok: true, seconds: 120 });
    expect(parseDuration(10)).toEqual({ ok: false, error: '10 has no unit: write 10s (or ms, m)' });
    expect(parseDuration('soon').ok).toBe(false);
  });
  it('suggests only close names', () => {
    expect(closest('djnago-wsgi-sync', ['django-wsgi-sync', 'node-sync'])).toBe('django-wsgi-sync');
    expect(closest('zzzz', ['django-wsgi-sync', 'node-sync'])).toBeUndefined();
  });
});
