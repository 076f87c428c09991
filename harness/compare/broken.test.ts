// The gate fails on a cell that was healthy in A and broke in B (errored, invalid, or failed
// requests), names it with what went wrong, and only notes one that was broken in A too.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/fixtures.js';
import type { CellResult, Results } from '../types.js';
import { cell, run } from '../testing/compare-cells.js';
import { compareRuns } from './compare.js';
import { gateExitCode, gateSentence, runGate } from './gate.js';
import { renderCompareMarkdown, renderCompareText } from './render-compare.js';

const errored = (over: Partial<CellResult> = {}) =>
  cell({
    status: 'errored',
    rps: 0,
    latencyMs: null,
    error: { code: 'target-not-ready', message: 'target node-async exited with 1 before answering /health' },
    ...over,
  });
const invalid = (over: Partial<CellResult> = {}) =>
  cell({ valid: false, validity: [{ code: 'error-rate', message: '12% of requests failed', severity: 'error' }], ...over });

describe('compare: cells that broke in B', () => {
  it('fails the gate (exit 5) on a cell that errored in B, with its code, instead of an "only in A" line', () => {
    const a = run('a', '1', [cell(), cell({ scenario: 'db' }), cell({ connections: 100 })]);
    const b = run('b', '2', [errored(), cell({ scenario: 'db' })]);
    const cmp = compareRuns(a, b);
    expect(cmp.broken).toEqual([
      expect.objectContaining({
        key: 'node-async sleep w=1 c=10',
        target: 'node-async',
        scenario: 'sleep',
        workers: 1,
        connections: 10,
        problems: ['errored: target-not-ready (target node-async exited with 1 before answering /health)'],
        alsoInA: null,
      }),
    ]);
    // The missing cell (c=100) stays an unmatched count; the errored one is not double-counted there.
    expect(cmp.onlyInA).toEqual(['node-async sleep w=1 c=100']);
    const v = runGate(cmp, 0.1);
    expect(v.state).toBe('regressed');
    expect(gateExitCode(v)).toBe(5);
    expect(gateSentence(v)).toBe('gate failed: 1 cell broke in B (valid in A): node-async sleep w=1 c=10');
    const text = renderCompareText(cmp);
    expect(text).toContain('broke in B (valid in A: a regression whatever the threshold): 1 cell\n  node-async sleep w=1 c=10: errored: target-not-ready (');
    expect(text).toContain('only in A: 1 cell in 1 target × scenario group\n  node-async × sleep: 1 cell (w=1 c=100)');
    const md = renderCompareMarkdown(cmp, v);
    expect(md).toContain('❌ **Gate failed: 1 cell broke in B (valid in A): node-async sleep w=1 c=10**');
    expect(md).toContain('**Broke in B** (valid in A: a regression whatever the threshold): 1 cell');
    expect(md).toContain('| target | scenario | workers | connections | what went wrong in B |\n|---|---|---|---|---|');
    expect(md).toContain('| node-async | sleep | 1 | 10 | errored: target-not-ready (target node-async exited with 1 before answering /health) |');
  });

  it('fails on a cell invalid in B, or with failed requests A had none of, even when req/s held', () => {
    const a = run('a', '1', [cell(), cell({ scenario: 'db' })]);
    const b = run('b', '2', [invalid(), cell({ scenario: 'db', requests: { ok: 97, non2xx: 2, timeouts: 1, connErrors: 0, verifyFailed: 0 } })]);
    const cmp = compareRuns(a, b);
    expect(cmp.broken.map((c) => [c.key, c.problems])).toEqual([
      ['node-async sleep w=1 c=10', ['invalid: error-rate']],
      ['node-async db w=1 c=10', ['3 failed requests (non2xx 2, timeouts 1)']],
    ]);
    const v = runGate(cmp, 0.1);
    expect(v).toMatchObject({ state: 'regressed', compared: 2, cells: [] });
    const md = renderCompareMarkdown(cmp, v);
    expect(md).toContain(
      "| node-async sleep w=1 c=10 | 1 / 1 | 100.0 → 100.0 (+0.0%) can't tell (no repeats) | 110.0 ms → 110.0 ms (+0.0%) can't tell (no repeats) | **broke in B** ⚠ 1 invalid cell: error-rate |",
    );
    expect(md).toContain('| node-async | db | 1 | 10 | 3 failed requests (non2xx 2, timeouts 1) |');
    // Combined with a threshold regression, the sentence names both.
    const slower = compareRuns(a, run('b', '2', [invalid({ rps: 50 }), cell({ scenario: 'db' })]));
    expect(gateSentence(runGate(slower, 0.1))).toBe(
      'gate failed: regression above 10% in 1 cell (of 2 compared): node-async sleep w=1 c=10; and 1 cell broke in B (valid in A): node-async sleep w=1 c=10',
    );
  });

  it('passes when A failed requests too (the threshold judges those), or when the cell was invalid in A too (a note)', () => {
    const failing = { ok: 99, non2xx: 0, timeouts: 1, connErrors: 0, verifyFailed: 0 };
    expect(runGate(compareRuns(run('a', '1', [cell({ requests: failing })]), run('b', '2', [cell({ requests: failing })])), 0.1).state).toBe('passed');

    const cmp = compareRuns(run('a', '1', [invalid(), errored({ scenario: 'db' })]), run('b', '2', [invalid(), errored({ scenario: 'db' })]));
    expect(cmp.broken.map((c) => c.alsoInA)).toEqual([
      'invalid: error-rate',
      'errored: target-not-ready (target node-async exited with 1 before answering /health)',
    ]);
    const v = runGate(cmp, 0.1);
    expect(v.state).toBe('passed');
    expect(gateExitCode(v)).toBe(0);
    const text = renderCompareText(cmp);
    expect(text).toContain('broken in B, but already in A (not a regression from that cell): 2 cells');
    expect(text).toContain('  node-async sleep w=1 c=10: invalid: error-rate (A: the same)');
    const md = renderCompareMarkdown(cmp, v);
    expect(md).toContain('_Broken in B, but already in A: not a regression from that cell:_ 2 cells');
    expect(md).toContain('| target | scenario | workers | connections | what went wrong in B | in A |');
    expect(md).toContain('| node-async | sleep | 1 | 10 | invalid: error-rate | the same |');
  });

  it('a B whose every cell errored fails as a regression (exit 5), not as "nothing compared"; without a gate it only reports', () => {
    const cmp = compareRuns(run('a', '1', [cell(), cell({ workers: 2 })]), run('b', '2', [errored(), errored({ workers: 2 })]));
    expect(cmp.cells).toEqual([]);
    expect(cmp.onlyInA).toEqual([]);
    const v = runGate(cmp, 0.1);
    expect(v).toMatchObject({ state: 'regressed', compared: 0 });
    expect(gateExitCode(v)).toBe(5);
    expect(gateExitCode(runGate(cmp, null))).toBe(0);
  });

  it('the CLI: exit 5 with the reason per cell, in text and in --format markdown', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-broken-'));
    const write = (name: string, r: Results) => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'results.json'), JSON.stringify(r));
      return path.join(dir, name);
    };
    const a = write('base', run('base', '2026-01-01', [cell(), cell({ scenario: 'db' })]));
    const b = write('head', run('head', '2026-01-02', [errored(), invalid({ scenario: 'db' })]));
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'harness/compare/cli.ts', a, b, '--fail-above', '10%', ...args], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_STEP_SUMMARY: '' },
      });
    const text = cli([]);
    expect(text.status, text.stderr).toBe(5);
    expect(text.stdout).toContain('  node-async sleep w=1 c=10: errored: target-not-ready (');
    expect(text.stdout).toContain('  node-async db w=1 c=10: invalid: error-rate');
    expect(text.stdout).toContain('gate failed: 2 cells broke in B (valid in A): node-async sleep w=1 c=10; node-async db w=1 c=10');
    const md = cli(['--format', 'markdown', '--out', path.join(dir, 'compare.md')]);
    expect(md.status, md.stderr).toBe(5);
    expect(md.stdout).toContain('| node-async | db | 1 | 10 | invalid: error-rate |');
    expect(fs.readFileSync(path.join(dir, 'compare.md'), 'utf8')).toBe(md.stdout);
  });
});
