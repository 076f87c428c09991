// --out on a kernel filesystem: refused before anything is created, instead of Node's recursive
// mkdir spinning at 100% CPU and ignoring SIGTERM (`--out /proc/x`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_MAIN } from '../testing/cli.js';
import { PROJECT_ROOT } from '../testing/fixtures.js';
import { makeOutputDir, outputPathProblem } from './out-dir.js';

describe('output folders', () => {
  it('names why a path cannot hold output, creating nothing', () => {
    expect(outputPathProblem('/proc/asyncbench-x/run')).toBe('/proc is on proc, a kernel filesystem that holds no files');
    expect(outputPathProblem('/sys/asyncbench-x')).toBe('/sys is on sysfs, a kernel filesystem that holds no files');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-outdir-'));
    fs.writeFileSync(path.join(tmp, 'file'), '');
    expect(outputPathProblem(path.join(tmp, 'file', 'run'))).toBe(`${path.join(tmp, 'file')} is a file, not a folder`);
    expect(outputPathProblem(path.join(tmp, 'a', 'b'))).toBeNull();
    expect(fs.existsSync(path.join(tmp, 'a'))).toBe(false);
    makeOutputDir(path.join(tmp, 'a', 'b', 'c'));
    expect(fs.statSync(path.join(tmp, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(() => makeOutputDir('/proc/asyncbench-x')).toThrow(expect.objectContaining({ code: 'output-not-writable', exitCode: 3 }));
    fs.rmSync(tmp, { recursive: true });
  });

  it('the CLI with --out /proc/x exits 3 at once with the reason (it used to spin at 100% CPU, deaf to SIGTERM)', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', CLI_MAIN, '--targets', 'node-async', '--scenarios', 'sleep', '--workers', '1', '--connections', '1', '--out', '/proc/asyncbench-x'],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 30_000, killSignal: 'SIGKILL' },
    );
    const out = `${r.stdout}${r.stderr}`;
    expect(r.signal, 'killed after 30 s: it hung').toBeNull();
    expect(r.status, out).toBe(3);
    expect(out).toContain(
      'asyncbench: cannot write the output folder /proc/asyncbench-x: /proc is on proc, a kernel filesystem that holds no files\n\nhint: choose a folder on a disk with --out',
    );
  }, 40_000);
});
