// Which worker served each request, and how the connections spread over the workers (issue 23):
// from the body's pid (the reference contract) or a config target's pidHeader, merged into the
// cell; an uneven keep-alive split warns, and so does a command that ignores {workers}, seen in its
// process tree when the server names no pid.
import { describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../scenarios/index.js';
import { parseUserScenario } from '../../scenarios/user-scenarios.js';
import { faultyTarget, runWith } from '../testing/fixtures.js';
import type { CellResult, ScenarioDef } from '../types.js';

const plain = parseUserScenario({ name: 'plain', path: '/sleep?ms=50', delayMs: 50 }, 'scenarios[0]', 'test', []) as ScenarioDef;
const catalogWith = (targets: Parameters<typeof runWith>[0]) => ({ catalog: { targets, scenarios: [...builtinScenarios, plain] } });
const sum = (r: Record<string, number> | null | undefined) => Object.values(r ?? {}).reduce((a, b) => a + b, 0);
const codes = (c: CellResult) => c.validity.map((v) => v.code);

describe('worker split', () => {
  it('counts connections and requests per worker pid and warns when keep-alive connections split unevenly', async () => {
    const t = faultyTarget('skewed', 'skew');
    const { store } = await runWith([t], { workers: [2], connections: [16], scenarios: ['sleep'] });
    const cell = store.results.cells[0] as CellResult;
    expect(cell.status, cell.error?.message).toBe('completed');
    const split = cell.workerSplit!;
    expect(Object.keys(split.requests)).toHaveLength(2);
    expect(sum(split.requests)).toBe(cell.requests.ok);
    // 7 of every 8 connections went to the first worker: 14 and 2.
    expect(Object.values(split.connections!).sort((a, b) => a - b)).toEqual([2, 14]);
    expect(codes(cell)).toContain('workers-uneven');
    expect(cell.validity.find((v) => v.code === 'workers-uneven')?.message).toMatch(/2 \/ 14; the busiest has 7\.0×/);
  }, 60_000);

  it("reads the pid from a config target's pidHeader when the body names none", async () => {
    const t = faultyTarget('headed', 'none', { scenarios: ['plain'], pidHeader: 'x-worker-pid' });
    const { store } = await runWith([t], { workers: [2], connections: [8], scenarios: ['plain'] }, catalogWith([t]));
    const cell = store.results.cells[0] as CellResult;
    expect(cell.status, cell.error?.message).toBe('completed');
    expect(cell.workerPids).toBe(2);
    expect(sum(cell.workerSplit?.requests)).toBe(cell.requests.ok);
    expect(Object.values(cell.workerSplit!.connections!)).toEqual([4, 4]);
    expect(codes(cell)).not.toContain('workers-uneven');
  }, 60_000);

  it('warns when a server that names no pid runs fewer processes than the workers asked for', async () => {
    const t = faultyTarget('lonely', 'one-worker', { scenarios: ['plain'] });
    const { store } = await runWith([t], { workers: [4], connections: [8], scenarios: ['plain'] }, catalogWith([t]));
    const cell = store.results.cells[0] as CellResult;
    expect(cell.status, cell.error?.message).toBe('completed');
    expect(cell.workerPids).toBe(0);
    expect(cell.serverProcesses).toBe(2);
    expect(cell.validity.find((v) => v.code === 'workers-missing')?.message).toMatch(/4 workers were asked for, but the server's process tree had 2 processes/);
  }, 60_000);
});
