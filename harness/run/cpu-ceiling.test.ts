// The CPU ceiling of a scenario that declares no wait (issue 23): cores ÷ CPU per request at low load.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/index.js';
import { parseUserScenario } from '../../scenarios/user-scenarios.js';
import { faultyTarget, runWith } from '../testing/fixtures.js';
import type { CellResult, ScenarioDef } from '../types.js';
import { serverCores, withCpuCeiling } from './cpu-ceiling.js';

const cell = (over: Partial<CellResult>): CellResult =>
  ({
    target: 't',
    scenario: 's',
    workers: 2,
    threads: null,
    connections: 10,
    status: 'completed',
    rps: 500,
    ceilingRps: null,
    efficiency: null,
    cpuMsPerRequest: 2,
    ...over,
  }) as CellResult;

describe('CPU ceiling', () => {
  it('is the cores over the CPU per request of the fewest-connection cell of the same point, with efficiency against it', () => {
    const low = cell({ connections: 4, cpuMsPerRequest: 1.6 });
    const high = withCpuCeiling(cell({ connections: 64, cpuMsPerRequest: 2.5, rps: 900 }), [low, cell({ workers: 1, connections: 1, cpuMsPerRequest: 9 })], 2);
    expect(high.ceilingRps).toBeCloseTo(1250);
    expect(high.efficiency).toBeCloseTo(0.72);
    expect(high).toMatchObject({ ceilingBasis: 'cpu', cpuCeiling: { cores: 2, cpuMsPerRequest: 1.6, fromConnections: 4 } });
    // The first cell of a point is its own low load.
    expect(withCpuCeiling(low, [], 2).cpuCeiling?.fromConnections).toBe(4);
  });

  it('leaves a cell alone when theory gave a ceiling, it did not complete, or its CPU is unknown', () => {
    expect(withCpuCeiling(cell({ ceilingRps: 100 }), [], 2)).not.toHaveProperty('ceilingBasis');
    expect(withCpuCeiling(cell({ status: 'errored' }), [], 2).ceilingRps).toBeNull();
    expect(withCpuCeiling(cell({ cpuMsPerRequest: null }), [], 2).ceilingRps).toBeNull();
  });

  it('counts one core per worker process, or per thread for sync-threads, within the CPUs the server may use', () => {
    const t = (model: 'async' | 'sync-threads') => faultyTarget('x', 'none', { model, threads: 4 });
    expect(serverCores(t('async'), { workers: 1, threads: null }, { serverCpus: [0, 1] })).toBe(1);
    expect(serverCores(t('async'), { workers: 4, threads: null }, { serverCpus: [0, 1] })).toBe(2);
    expect(serverCores(t('sync-threads'), { workers: 1, threads: 4 }, { serverCpus: [0, 1, 2] })).toBe(3);
  });

  it('gives a no-delay config scenario a stated ceiling in a real run', async () => {
    const busy = parseUserScenario({ name: 'busy', path: '/sleep?ms=1' }, 'scenarios[0]', 'test', []) as ScenarioDef;
    const t = faultyTarget('cpu', 'none', { scenarios: ['busy'] });
    const { store } = await runWith(
      [t],
      { workers: [1], connections: [2, 8], scenarios: ['busy'] },
      { catalog: { targets: [t], scenarios: [...builtinScenarios, busy] } },
    );
    const [c2, c8] = store.results.cells as [CellResult, CellResult];
    for (const c of [c2, c8]) {
      expect(c.ceilingBasis).toBe('cpu');
      expect(c.cpuCeiling).toMatchObject({ cores: 1, cpuMsPerRequest: c2.cpuMsPerRequest, fromConnections: 2 });
      expect(c.ceilingRps).toBeCloseTo(1000 / c2.cpuMsPerRequest!, 6);
      expect(c.efficiency).toBeCloseTo(c.rps / c.ceilingRps!, 6);
      expect(c.validity.map((v) => v.code)).not.toContain('throughput-above-ceiling');
    }
  }, 60_000);
});
