// The CI gate of examples/github-actions/bench.yml, run here step by step: its `npx asyncbench`
// lines, in the workflow's order, with its env, and asyncbench from these sources in place of the
// installed bin. The base run and the pull request's run differ by one thing, a slower sleep in the
// second one's config, which the gate must catch (exit 5); the base against itself passes (exit 0).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/fixtures.js';

const WORKFLOW = path.join(PROJECT_ROOT, 'examples/github-actions/bench.yml');
const yaml = fs.readFileSync(WORKFLOW, 'utf8');

/** The workflow's top-level `env:` block (plain `KEY: value` lines). */
function workflowEnv(): Record<string, string> {
  const block = /^env:\n((?: {2}.*\n)+)/m.exec(yaml)?.[1] ?? '';
  return Object.fromEntries([...block.matchAll(/^ {2}([A-Z_]+): (.*)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}

/** Every `npx asyncbench …` command, in order (a `run:` line or a line of a `run: |` block). */
const commands = () => [...yaml.matchAll(/^\s*(?:run: )?(npx asyncbench .*)$/gm)].map((m) => m[1] as string);

/** The text of the step named `name` (up to the next step). */
function step(name: string): string {
  const at = yaml.indexOf(`- name: ${name}\n`);
  if (at < 0) throw new Error(`no step named "${name}" in ${WORKFLOW}`);
  const next = yaml.slice(at + 1).search(/\n {6}(- |# )/);
  return next < 0 ? yaml.slice(at) : yaml.slice(at, at + 1 + next);
}

describe('examples/github-actions/bench.yml, locally', () => {
  it('has the gate the README promises: bench, bench the base, compare --fail-above with Markdown', () => {
    const env = workflowEnv();
    expect(env.FAIL_ABOVE).toBe('10%');
    expect(env.BENCH_ARGS).toBe('--quick');
    expect(commands()).toEqual([
      'npx asyncbench setup',
      'npx asyncbench $BENCH_ARGS --out "$BENCH_DIR/head"',
      'npx asyncbench $BENCH_ARGS --out "$BENCH_DIR/base"',
      'npx asyncbench compare "$BENCH_DIR/base" "$BENCH_DIR/head" --fail-above "$FAIL_ABOVE" --format markdown --out "$BENCH_DIR/compare.md"',
    ]);
    expect(yaml).toContain('actions/upload-artifact');
    expect(yaml).toContain('actions/cache/restore');
  });

  it('two short runs, then compare: exit 5 on a regression injected through a slower config, 0 against itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-workflow-'));
    const config = (name: string, sleepMs: number) => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify({
          targets: ['node-async'],
          scenarios: ['sleep'],
          params: { sleep: { ms: sleepMs } },
          workers: [1],
          connections: [5],
          duration: '1s',
          warmup: '300ms',
        }),
      );
      return file;
    };
    const summary = path.join(dir, 'step-summary.md');
    const base = { ...process.env, ...workflowEnv(), BENCH_DIR: path.join(dir, 'bench-results'), GITHUB_STEP_SUMMARY: summary, CI: 'true' };
    // `npx asyncbench` is the installed bin; here it is the same CLI from the sources.
    const prelude = `npx() { shift; node --import tsx ${JSON.stringify(path.join(PROJECT_ROOT, 'harness/cli/main.ts'))} "$@"; }`;
    const step = (cmd: string, env: Record<string, string> = {}) => {
      const r = spawnSync('bash', ['-c', `${prelude}\n${cmd}`], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...base, ...env }, timeout: 120_000 });
      return { status: r.status, out: `${r.stdout}${r.stderr}` };
    };
    const [head, baseRun, compare] = commands().filter((c) => c !== 'npx asyncbench setup') as [string, string, string];

    // The pull request's change makes the sleep endpoint slower: 50 ms → 100 ms halves req/s.
    const h = step(head, { BENCH_ARGS: `--config ${config('head', 100)}` });
    expect(h.status, h.out).toBe(0);
    const b = step(baseRun, { BENCH_ARGS: `--config ${config('base', 50)}` });
    expect(b.status, b.out).toBe(0);

    const c = step(compare);
    expect(c.status, c.out).toBe(5);
    const md = fs.readFileSync(path.join(dir, 'bench-results', 'compare.md'), 'utf8');
    expect(md).toContain('❌ **Gate failed: regression above 10% in 1 cell (of 1 compared): node-async sleep w=1 c=5**');
    expect(md).toMatch(/\| node-async sleep w=1 c=5 \| 1 \/ 1 \| [\d.]+ → [\d.]+ \(-[4-6]\d\.\d%\)/);
    expect(fs.readFileSync(summary, 'utf8')).toContain(md);

    // The base against itself: the same commands pass.
    const same = step(compare.replace('"$BENCH_DIR/head"', '"$BENCH_DIR/base"').replace('compare.md', 'same.md'));
    expect(same.status, same.out).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'bench-results', 'same.md'), 'utf8')).toContain('✅ **Gate passed');
  });
});

describe('examples/github-actions/bench.yml, on GitHub', () => {
  it('works as written: a visible results folder that must upload, forks that cannot comment, the base with its venv', () => {
    // upload-artifact skips hidden files and folders since v4.4: the results folder is visible, and
    // finding nothing fails the step instead of passing in silence.
    const env = workflowEnv();
    expect(env.BENCH_DIR).toBe('${{ github.workspace }}/bench-results');
    const upload = step('Upload the reports');
    expect(upload).toMatch(/\n\s+path: bench-results\/\n/);
    expect(upload).toMatch(/\n\s+if-no-files-found: error\n/);
    for (const name of ['Save them', "Restore the base branch's results"]) expect(step(name)).toMatch(/\n\s+path: bench-results\/base\n/);
    for (const p of [...yaml.matchAll(/^\s+path: (\S+)$/gm)].map((m) => m[1] as string)) {
      expect(
        p.split('/').filter((seg) => seg.startsWith('.')),
        p,
      ).toEqual([]);
    }
    // A fork's pull request has a read-only token: no comment is attempted, and a failed one cannot fail the job.
    const comment = step('Post the comparison on the pull request');
    expect(comment).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(comment).toMatch(/\n\s+continue-on-error: true\n/);
    expect(comment).toContain("hashFiles('bench-results/compare.md')");
    // With the Django targets on, both checkouts get asyncbench's venv.
    expect(step('Django venv')).toMatch(/if: env\.WITH_DJANGO == 'true'\n\s+run: npx asyncbench setup/);
    expect(step('Benchmark the base branch (no saved results)')).toContain(
      'if [ "$WITH_DJANGO" = true ]; then npx asyncbench setup; fi\n          npx asyncbench $BENCH_ARGS',
    );
    // The current major of every action.
    expect([...yaml.matchAll(/uses: (\S+)/g)].map((m) => m[1]).sort()).toEqual([
      'actions/cache/restore@v6',
      'actions/cache/save@v6',
      'actions/checkout@v7',
      'actions/setup-node@v7',
      'actions/upload-artifact@v7',
    ]);
  });
});
