// The CI gate: a comparison that matched nothing fails, unmatched cells are counted per target ×
// scenario, and --format markdown writes its file and the GitHub job summary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/fixtures.js';
import type { CellResult, Results } from '../types.js';
import { cell, run } from '../testing/compare-cells.js';
import { compareRuns } from './compare.js';
import { gateExitCode, gateSentence, judgeMetric, runGate } from './gate.js';
import { renderCompareMarkdown, renderCompareText } from './render-compare.js';
import { summariseUnmatched } from './unmatched.js';

/** The default suite's shape: 4 targets × 3 scenarios × 3 worker counts × 2 connection counts. */
function suite(): CellResult[] {
  const out: CellResult[] = [];
  for (const target of ['django-wsgi-sync', 'django-asgi-uvicorn', 'node-sync', 'node-async'])
    for (const scenario of ['sleep', 'db', 'longpoll'])
      for (const workers of [1, 2, 4]) for (const connections of [10, 100]) out.push(cell({ target, scenario, workers, connections }));
  return out;
}

describe('compare gate', () => {
  it('fails a gate that compared nothing, and counts the unmatched cells per target × scenario', () => {
    const a = run('full', '1', suite());
    const b = run('quick', '2', [cell({ connections: 5 }), cell({ connections: 5, scenario: 'db' })]);
    const cmp = compareRuns(a, b);
    expect(cmp.cells).toHaveLength(0);
    const v = runGate(cmp, 0.1);
    expect(v.state).toBe('nothing-compared');
    expect(gateExitCode(v)).toBe(2);
    expect(gateExitCode(runGate(cmp, null))).toBe(0);
    const groups = summariseUnmatched(cmp.onlyInA);
    expect(groups).toHaveLength(12);
    expect(groups.find((g) => g.target === 'node-async' && g.scenario === 'db')?.cells).toBe(6);
    const text = renderCompareText(cmp);
    expect(text).toContain('only in A: 72 cells in 12 target × scenario groups');
    expect(text).toContain('  node-async × db: 6 cells (w=1 c=10, w=1 c=100, w=2 c=10, w=2 c=100, …)');
    // One line per group, not one per cell.
    expect(text.split('\n').length).toBeLessThan(40);
  });

  it('passes when every matched cell is within the threshold, and names the cells that regressed', () => {
    const a = run('a', '1', [cell(), cell({ scenario: 'db', rps: 80 })]);
    expect(runGate(compareRuns(a, run('b', '2', [cell({ rps: 95 }), cell({ scenario: 'db', rps: 78 })])), 0.1)).toMatchObject({ state: 'passed', compared: 2 });
    const v = runGate(compareRuns(a, run('b', '2', [cell({ rps: 60 }), cell({ scenario: 'db', rps: 78 })])), 0.1);
    expect(v.state).toBe('regressed');
    expect(gateExitCode(v)).toBe(5);
    const md = renderCompareMarkdown(compareRuns(a, run('b', '2', [cell({ rps: 60 })])), v);
    expect(md).toMatch(/^## asyncbench comparison/);
    expect(md).toContain('❌ **Gate failed: regression above 10% in 1 cell (of 2 compared): node-async sleep w=1 c=10**');
    expect(md).toContain('| node-async sleep w=1 c=10 | 1 / 1 | 100.0 → 60.0 (-40.0%)');
    expect(md).toContain('**Only in A:** 1 cell');
    expect(md).toContain('| node-async | db | 1 |');
  });

  it('--format markdown writes the file and appends to $GITHUB_STEP_SUMMARY; no common cell exits 2 with the reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-gate-'));
    const write = (name: string, r: Results) => {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, 'results.json'), JSON.stringify(r));
      return path.join(dir, name);
    };
    const full = write('full', run('full', '2026-01-01', suite()));
    const quick = write('quick', run('quick', '2026-01-02', [cell({ connections: 5 })]));
    const summary = path.join(dir, 'step-summary.md');
    fs.writeFileSync(summary, '# earlier step\n');
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'harness/compare/cli.ts', ...args], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
      });

    const r = cli([full, quick, '--fail-above', '10%', '--format', 'markdown', '--out', path.join(dir, 'out', 'compare.md')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('gate failed: nothing was compared, so nothing was checked: the runs have no cell in common (72 only in A, 1 only in B)');
    expect(r.stderr).toContain('hint: run both sides with the same options');
    const md = fs.readFileSync(path.join(dir, 'out', 'compare.md'), 'utf8');
    expect(md).toContain('❌ **Gate failed: nothing was compared');
    expect(r.stdout).toBe(md);
    expect(fs.readFileSync(summary, 'utf8')).toBe(`# earlier step\n${md}\n`);

    const same = cli([full, full, '--fail-above', '10%']);
    expect(same.status).toBe(0);
    expect(same.stdout).toContain("gate passed: no cell's req/s fell, nor its p99 rose, by more than 10% (72 cells compared)");
    expect(cli([full, quick, '--format', 'html']).status).toBe(2);
  });

  describe('more repeats never make it more lenient (issue 21)', () => {
    const reps = (rps: number[]) => rps.map((r, i) => cell({ rps: r, repeat: i + 1 }));
    const gate = (a: number[], b: number[]) => runGate(compareRuns(run('a', '1', reps(a)), run('b', '2', reps(b))), 0.1);

    it('a 4-vs-4 median down 34% fails like 1-vs-1 does, although its interval holds 0', () => {
      const cmp = compareRuns(run('a', '1', reps([100, 100, 100, 60])), run('b', '2', reps([66, 66, 66, 100])));
      const c = cmp.cells[0];
      expect(c?.rps.change).toBeCloseTo(-0.34);
      expect(c?.rps.verdict).toBe('no significant change');
      const v = runGate(cmp, 0.1);
      expect(v.state).toBe('regressed');
      expect(gateExitCode(v)).toBe(5);
      expect(gate([100], [66]).state).toBe('regressed');
    });

    it("a median within the threshold whose interval reaches past it is can't tell: its own message and exit 6", () => {
      const v = gate([100, 100, 100, 100], [97, 95, 96, 80]);
      expect(v.state).toBe('cant-tell');
      expect(gateExitCode(v)).toBe(6);
      expect(gateSentence(v)).toMatch(
        /^gate can't tell: no cell's median req\/s fell, nor its median p99 rose, by more than 10%, but the 95% interval of 1 cell \(of 1 compared\) reaches past it: node-async sleep w=1 c=10; more repeats/,
      );
      expect(renderCompareMarkdown(compareRuns(run('a', '1', reps([100, 100, 100, 100])), run('b', '2', reps([97, 95, 96, 80]))), v)).toContain(
        "⚠️ **Gate can't tell:",
      );
      // Tight repeats within the threshold pass.
      expect(gate([100, 101, 99, 100], [98, 99, 97, 98]).state).toBe('passed');
    });

    it('judges one metric: the median past the threshold and its interval not clear of it; p99 the other way round', () => {
      const m = (change: number, ci: [number, number] | null) => ({
        before: 1,
        after: 1 + change,
        change,
        ci,
        level: 0.97,
        verdict: 'no significant change' as const,
      });
      expect(judgeMetric(m(-0.34, [-0.34, 0.67]), 0.1, true)).toBe('regressed');
      expect(judgeMetric(m(-0.34, null), 0.1, true)).toBe('regressed');
      expect(judgeMetric(m(-0.05, [-0.2, 0.01]), 0.1, true)).toBe('cant-tell');
      expect(judgeMetric(m(-0.05, null), 0.1, true)).toBe('within');
      expect(judgeMetric(m(-0.05, [-0.08, 0.01]), 0.1, true)).toBe('within');
      expect(judgeMetric(m(0.3, [0.05, 0.5]), 0.1, false)).toBe('regressed');
      expect(judgeMetric(m(0.05, [-0.1, 0.3]), 0.1, false)).toBe('cant-tell');
    });
  });
});
