// `asyncbench setup` runs the venv script `npm run setup` runs (the package's own copy), with the
// terminal attached, and maps its failure to exit 3. The script itself is not run here: it would
// reach the package index and rebuild the venv the other tests use.
import type { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.js';
import { SETUP_ARGS, setupMain, VENV_SCRIPT } from './setup.js';
import { subUsage } from '../config/sub-args.js';

function fakeRun(status: number | null) {
  const calls: Array<{ cmd: string; args: string[]; env: NodeJS.ProcessEnv | undefined }> = [];
  const run = ((cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv }) => {
    calls.push({ cmd, args, env: opts.env });
    return { status, error: undefined };
  }) as unknown as typeof spawnSync;
  return { run, calls };
}

describe('asyncbench setup', () => {
  it('runs the same python-venv.sh as `npm run setup`, from the package', () => {
    expect(VENV_SCRIPT).toBe(path.join(PACKAGE_ROOT, 'harness/setup/python-venv.sh'));
    const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.setup).toBe('bash harness/setup/setup.sh');
    expect(fs.readFileSync(path.join(PACKAGE_ROOT, 'harness/setup/setup.sh'), 'utf8')).toContain('bash harness/setup/python-venv.sh');
    const { run, calls } = fakeRun(0);
    expect(setupMain([], run)).toBe(0);
    expect(calls).toEqual([{ cmd: 'bash', args: [VENV_SCRIPT], env: process.env }]);
  });

  it('passes --python on as ASYNCBENCH_PYTHON, and exits 3 when the script fails', () => {
    const { run, calls } = fakeRun(3);
    expect(setupMain(['--python', '/opt/py/bin/python3'], run)).toBe(3);
    expect(calls[0]?.env?.ASYNCBENCH_PYTHON).toBe('/opt/py/bin/python3');
    expect(() => setupMain(['extra'], fakeRun(0).run)).toThrow();
  });

  it('says in its help that it installs no system packages and that reinstalling deletes the venv', () => {
    const help = subUsage(SETUP_ARGS);
    expect(help).toContain('installs no system packages');
    expect(help).toContain('upgrading or reinstalling asyncbench (npm ci included) deletes it');
  });
});
