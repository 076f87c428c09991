// The locust engine's options, resolved with the rest: loopback unless --allow-remote, master and
// remote workers only with --engine locust, and a scenario without a Python check refused up front.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../../scenarios/index.js';
import { isBenchError } from '../../errors.js';
import { resolveOptions } from '../../config/resolve.js';
import type { Catalog } from '../../types.js';
import type { ScenarioDef, TargetDef } from '../../types.js';

const target: TargetDef = {
  kind: 'launch',
  name: 'node-async',
  description: '',
  command: ['true'],
  readiness: { path: '/health', timeoutMs: 1000 },
  stop: { signal: 'SIGTERM', graceMs: 100 },
  model: 'async',
  source: 'built-in',
};
const tsOnly: ScenarioDef = { ...builtinScenarios[0]!, id: 'ts-only', origin: undefined, locustCheck: undefined };
const catalog: Catalog = { targets: [target], scenarios: [...builtinScenarios, tsOnly] };

function resolve(cli: Record<string, unknown>) {
  try {
    return { ...resolveOptions({}, cli, catalog, { runId: 'r', configPath: null }), problems: [] as string[] };
  } catch (e) {
    if (isBenchError(e)) return { options: null, warnings: [], problems: e.problems };
    throw e;
  }
}

describe('locust engine options', () => {
  it('defaults: no remote workers, the master on loopback, 60 s to wait for workers', () => {
    const { options } = resolve({ engine: 'locust', scenarios: 'sleep' });
    expect(options).toMatchObject({ engine: 'locust', engineOptions: { remoteWorkers: 0, masterBind: null, workersTimeoutS: 60 } });
  });

  it('takes --remote-workers, --master-bind and --workers-timeout', () => {
    const { options } = resolve({ engine: 'locust', scenarios: 'sleep', remoteWorkers: '3', masterBind: '127.0.0.1:6000', workersTimeout: '90s' });
    expect(options?.engineOptions).toEqual({ remoteWorkers: 3, masterBind: '127.0.0.1:6000', workersTimeoutS: 90, workersMin: null });
  });

  it('binds beyond loopback only with --allow-remote', () => {
    expect(resolve({ engine: 'locust', scenarios: 'sleep', masterBind: '0.0.0.0:5557' }).problems).toEqual([
      '--master-bind: 0.0.0.0 lets other machines reach the Locust master; add --allow-remote to mean it',
    ]);
    expect(resolve({ engine: 'locust', scenarios: 'sleep', masterBind: '0.0.0.0:5557', allowRemote: true }).options?.engineOptions.masterBind).toBe(
      '0.0.0.0:5557',
    );
    expect(resolve({ engine: 'locust', scenarios: 'sleep', masterBind: 'nowhere' }).problems[0]).toMatch(/is not HOST:PORT/);
  });

  it('--workers-min: at most the workers there are, and only for the locust engine', () => {
    expect(resolve({ engine: 'locust', scenarios: 'sleep', remoteWorkers: '4', workersMin: '2' }).options?.engineOptions.workersMin).toBe(2);
    expect(resolve({ engine: 'locust', scenarios: 'sleep' }).options?.engineOptions.workersMin).toBeNull();
    expect(resolve({ engine: 'locust', scenarios: 'sleep', loadgenWorkers: '2', workersMin: '3' }).problems).toEqual([
      '--workers-min: 3 is more than the 2 workers of --loadgen-workers 2',
    ]);
    expect(resolve({ scenarios: 'sleep', workersMin: '1' }).problems).toEqual(['--workers-min: only the locust engine reads it; add --engine locust']);
  });

  it('refuses a master or remote workers for another engine', () => {
    expect(resolve({ scenarios: 'sleep', remoteWorkers: '2' }).problems).toEqual(['--remote-workers: only the locust engine reads it; add --engine locust']);
  });

  it('refuses a named scenario whose check has no Python, before anything starts', () => {
    expect(resolve({ engine: 'locust', scenarios: 'sleep,ts-only' }).problems[0]).toMatch(
      /^--scenarios: scenario "ts-only" cannot run under the locust engine/,
    );
    expect(resolve({ scenarios: 'sleep,ts-only' }).problems).toEqual([]);
  });

  it('leaves such a scenario out of the default suite, with a warning', () => {
    const r = resolve({ engine: 'locust' });
    expect(r.options?.scenarios).not.toContain('ts-only');
    expect(r.options?.scenarios).toContain('sleep');
    expect(r.warnings.join('\n')).toContain('scenario "ts-only" is left out');
  });

  it('refuses arrival rates and capacity searches with the options (exit 2), not per cell: it runs the closed model only', () => {
    const err = (() => {
      try {
        resolveOptions({}, { engine: 'locust', scenarios: 'sleep', rates: '50', slo: 'p99<500ms' }, catalog, { runId: 'r', configPath: null });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isBenchError(err) && err.exitCode).toBe(2);
    expect(isBenchError(err) && err.problems).toEqual([
      '--rate and --slo: the locust engine runs the closed model only (C connections); arrival rates and capacity searches need --engine undici',
    ]);
    expect(resolve({ engine: 'locust', scenarios: 'sleep', slo: 'p99<500ms' }).problems[0]).toMatch(/^--slo: the locust engine runs the closed model only/);
    expect(resolve({ scenarios: 'sleep', slo: 'p99<500ms' }).problems).toEqual([]);
  });

  it('refuses --loadgen-cpus with remote workers up front (they are pinned on their own hosts)', () => {
    expect(resolve({ engine: 'locust', scenarios: 'sleep', remoteWorkers: '2', loadgenCpus: '0' }).problems).toEqual([
      '--loadgen-cpus: it pins local generator workers; remote Locust workers are pinned on their own hosts (run them under taskset there)',
    ]);
  });

  it('refuses a streaming scenario (body timing) it cannot time, naming the engine that can', () => {
    const stream = builtinScenarios.find((s) => s.id === 'stream')!;
    expect(stream.bodyTiming).toBe(true);
    expect(resolve({ engine: 'locust', scenarios: 'stream' }).problems).toEqual([
      '--scenarios: scenario "stream" times each body piece as it arrives, which the locust engine does not; run it with --engine undici',
    ]);
  });
});
