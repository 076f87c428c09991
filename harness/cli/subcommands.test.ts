// The entry's dispatch, as a user types it (from the sources under tsx; the pack test runs the
// compiled bin): subcommands reach their own parsers, a stray word is refused with the list.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../package-root.js';
import { formatVersions } from './version.js';
import { SUBCOMMANDS } from './subcommands.js';

const MAIN = path.join(PACKAGE_ROOT, 'harness/cli/main.ts');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('asyncbench <subcommand>', () => {
  it('declares bench, report, compare, soak, micro, init, list and setup, and --help lists them above the bench options', () => {
    expect(SUBCOMMANDS.map((s) => s.name)).toEqual(['bench', 'report', 'compare', 'soak', 'micro', 'init', 'list', 'setup']);
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const s of SUBCOMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${s.name} +\\S`, 'm'));
    expect(help.stdout).toContain('--targets LIST');
  });

  it('dispatches to each parser: compare --help, report --help, list', () => {
    expect(cli(['compare', '--help']).stdout).toContain('--format markdown');
    expect(cli(['report', '--help']).stdout).toContain('--publish');
    const list = cli(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('node-async');
  });

  it('refuses an unknown subcommand and a stray word after init, with exit 2 and a hint', () => {
    const r = cli(['nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown subcommand "nope"');
    expect(r.stderr).toContain('hint: subcommands: bench, report, compare');
    const init = cli(['init', 'somewhere.json']);
    expect(init.status).toBe(2);
    expect(init.stderr).toContain('init takes no argument');
  });

  it('--version names every version a run uses, and says how to get the venv when it is missing', () => {
    const r = cli(['--version']);
    expect(r.status).toBe(0);
    // Node and undici here, each family's stack, each engine's (Locust): no autocannon, which no run uses.
    for (const name of ['node', 'undici', 'python', 'django', 'gunicorn', 'uvicorn', 'locust', 'hdrhistogram'])
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(r.stdout).not.toContain('autocannon');
    const text = formatVersions({ asyncbench: '1.2.3', components: { node: 'v20.1.0', undici: '7.0.0', python: null, django: null } }, [
      { what: "the project's Python venv", needs: 'the django targets', hint: 'run `npm run setup`' },
    ]);
    expect(text).toContain('asyncbench 1.2.3');
    expect(text).toContain('  django      not installed');
    expect(text).toContain("(the project's Python venv is missing: the django targets need it; run `npm run setup`)");
  });
});
