import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/fixtures.js';

// Runs ensureLimits in a child whose limits we lower with `prlimit`, so this process is untouched.
function inChild(soft: number, hard: number, connections: number): { status: number | null; out: string } {
  const code = `import { ensureLimits, readNofile } from ${JSON.stringify(path.join(PROJECT_ROOT, 'harness/host/limits.ts'))};
try { ensureLimits(${connections}, (m) => console.log('warn: ' + m)); console.log('ok soft=' + readNofile().soft); }
catch (e) { console.log(e.message + '\\n' + e.problems.join('\\n') + '\\n' + e.hint); process.exit(3); }`;
  const r = spawnSync('prlimit', [`--nofile=${soft}:${hard}`, process.execPath, '--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('open-files limit', () => {
  it('runs with a low soft limit when the hard limit allows (the soft limit ends up raised)', () => {
    // Node itself raises the soft limit to the hard one at start-up; ensureLimits covers runtimes that do not.
    const r = inChild(512, 8192, 1000);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/ok soft=8192/);
  });
  it('refuses with the figure and the fix when the hard limit is too low', () => {
    const r = inChild(512, 1024, 1000);
    expect(r.status).toBe(3);
    expect(r.out).toContain('1000 connections need about 2256 open files, but the hard limit is 1024');
    expect(r.out).toContain('ulimit -n 2256');
  });
  it('does nothing when the limit is already enough', () => {
    expect(inChild(4096, 4096, 100).out.trim()).toBe('ok soft=4096');
  });
});
