// --rate, --max-inflight, --slo and --slo-verify (issue 12): parsed from the flag table, resolved
// in the one pass, with every problem reported together.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/index.js';
import { isBenchError } from '../errors.js';
import type { TargetDef } from '../types.js';
import { parseArgs } from './parse-args.js';
import { parseSlo, resolveOptions } from './resolve.js';
import type { Catalog } from '../types.js';

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
const catalog: Catalog = { targets: ['node-async', 'node-sync'].map(target), scenarios: builtinScenarios };
const resolve = (argv: string[]) => resolveOptions({}, parseArgs(argv).values, catalog, { runId: 'r', configPath: null }).options;
function problemsOf(argv: string[]): string[] {
  try {
    resolve(argv);
  } catch (e) {
    if (isBenchError(e)) return e.problems;
    throw e;
  }
  return [];
}

describe('open-model and capacity options', () => {
  it('sweeps --rate like --connections, with --max-inflight defaulting to 10,000', () => {
    const o = resolve(['--rate', '200,50']);
    expect(o.rates).toEqual([50, 200]);
    expect(o.connections).toEqual([]);
    expect(o.maxInflight).toBe(10_000);
    expect(resolve(['--rate', '10', '--max-inflight', '64']).maxInflight).toBe(64);
    expect(resolve([]).rates).toEqual([]);
    expect(resolve([]).connections).toEqual([10, 100]);
  });

  it('parses any percentile and any bound', () => {
    expect(parseSlo('p99<250ms')).toEqual({ percentile: 99, boundMs: 250, text: 'p99<250ms' });
    expect(parseSlo('p99.9 < 1.5s')).toEqual({ percentile: 99.9, boundMs: 1500, text: 'p99.9<1500ms' });
    expect(parseSlo('p50<20ms')).toMatchObject({ percentile: 50, boundMs: 20 });
    expect(parseSlo('99<250')).toMatch(/not a latency goal/);
    expect(parseSlo('p100<1s')).toMatch(/below 100/);
  });

  it('with --slo alone the run is the capacity search (no closed matrix); --connections adds one', () => {
    const o = resolve(['--slo', 'p99<500ms', '--slo-verify']);
    expect(o.slo).toEqual({ percentile: 99, boundMs: 500, text: 'p99<500ms' });
    expect(o.sloVerify).toBe(true);
    expect(o.connections).toEqual([]);
    expect(resolve(['--slo', 'p99<500ms', '--connections', '10']).connections).toEqual([10]);
  });

  it('reports every problem at once, with how to fix it', () => {
    const p = problemsOf(['--rate', '10', '--connections', '5', '--slo', 'p99<fast', '--max-inflight', '0']);
    expect(p.join('\n')).toMatch(/a cell has an arrival rate .* or connections/);
    expect(p.join('\n')).toMatch(/--slo: "p99<fast" is not a latency goal; write it as pNN<BOUND/);
    expect(p.join('\n')).toMatch(/--max-inflight: 0 is out of range/);
    expect(problemsOf(['--slo-verify']).join()).toMatch(/add a goal/);
  });
});
