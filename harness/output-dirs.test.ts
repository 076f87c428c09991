// One resolver for every subcommand's output: installed, defaults go to the user's ./reports and
// never into the package folder under node_modules/; in a checkout, to the checkout's reports/.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultReportsDir, outputBase, outputDir, stampNow, userPath, type OutputContext } from './output-dirs.js';
import { userCommand } from './package-root.js';
import { venvHint } from './host/python-venv.js';

const installed: OutputContext = { installed: true, userCwd: '/home/u/app', packageRoot: '/home/u/app/node_modules/asyncbench' };
const checkout: OutputContext = { installed: false, userCwd: '/src/asyncbench/harness', packageRoot: '/src/asyncbench' };

describe('output directories', () => {
  it("installed: defaults under the user's ./reports, typed paths against the user's folder, nothing under node_modules", () => {
    expect(outputBase(installed)).toBe('/home/u/app');
    expect(defaultReportsDir(installed)).toBe('/home/u/app/reports');
    expect(outputDir(undefined, 'soak-x', installed)).toBe('/home/u/app/reports/soak-x');
    expect(outputDir('out/run', 'soak-x', installed)).toBe('/home/u/app/out/run');
    expect(outputDir('/abs/run', 'micro-x', installed)).toBe('/abs/run');
    expect(userPath('../site', installed)).toBe('/home/u/site');
    for (const p of [defaultReportsDir(installed), outputDir(undefined, 'micro-x', installed)]) expect(p.split(path.sep)).not.toContain('node_modules');
  });

  it("in a checkout: defaults under the checkout's reports/ wherever it was typed; typed paths still the user's", () => {
    expect(defaultReportsDir(checkout)).toBe('/src/asyncbench/reports');
    expect(outputDir(undefined, 'micro-x', checkout)).toBe('/src/asyncbench/reports/micro-x');
    expect(outputDir('mine', 'micro-x', checkout)).toBe('/src/asyncbench/harness/mine');
  });

  it('stamps default directory names so they sort and contain no colon', () => {
    expect(stampNow(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03-04-05-678Z');
  });
});

describe('the commands hints name', () => {
  it('installed: npx asyncbench <subcommand>; in a checkout: its npm scripts', () => {
    expect(userCommand('setup', '', true)).toBe('npx asyncbench setup');
    expect(userCommand('setup', '', false)).toBe('npm run setup');
    expect(userCommand('bench', '--help', true)).toBe('npx asyncbench --help');
    expect(userCommand('bench', '--help', false)).toBe('npm run bench -- --help');
    expect(userCommand('report', 'reports/latest', true)).toBe('npx asyncbench report reports/latest');
    expect(userCommand('micro', '--out x', false)).toBe('npm run bench:micro -- --out x');
  });

  it('the venv hint says, installed, that reinstalling the package deletes the venv', () => {
    expect(venvHint(false)).toBe("run `npm run setup` (it creates the project's Python venv)");
    expect(venvHint(true)).toMatch(
      /^run `npx asyncbench setup` \(it creates the project's Python venv inside the installed package; upgrading or reinstalling asyncbench/,
    );
    expect(venvHint(true)).toContain('deletes it');
  });
});
