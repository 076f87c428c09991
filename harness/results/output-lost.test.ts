// The run directory lost mid-run, as a user's disk loses it: a real tmpfs that fills up or turns
// read-only after the first cell. The CLI must say what happened to which file (exit 3), not
// report a bug with a stack from its cleanup, and keep every cell finished before.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CellResult } from '../types.js';
import { fixtureConfig, startCli, waitFor } from '../testing/cli.js';
import { FAULTY_SERVER, waitNoProcesses } from '../testing/fixtures.js';
import { mountSmallDisk, smallDiskOrSkip, type SmallDisk } from '../testing/tmpfs.js';

let disk: SmallDisk | null = null;
afterEach(async () => {
  disk?.unmount();
  disk = null;
  expect(await waitNoProcesses(FAULTY_SERVER)).toEqual([]);
});

const cellsIn = (file: string): CellResult[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CellResult);

/** A two-cell run into the small disk; `lose` runs once the first cell is recorded. */
async function runAndLose(lose: (d: SmallDisk) => void): Promise<{ code: number | null; out: string; runDir: string }> {
  const { config } = fixtureConfig('ab-lost-', { connections: [5, 10], duration: '1s', warmup: '200ms' });
  const runDir = path.join(disk!.dir, 'run');
  const cli = startCli(['--config', config, '--out', runDir]);
  await waitFor(
    () => cli.output().includes('[1/2]') && fs.existsSync(path.join(runDir, 'cells.jsonl')) && fs.statSync(path.join(runDir, 'cells.jsonl')).size > 0,
  );
  lose(disk!);
  return { code: await cli.exited, out: cli.output(), runDir };
}

describe('the run directory lost mid-run', () => {
  it('turns read-only: exit 3 naming the file and the reason, no stack, cells.jsonl keeps the first cell', async (ctx) => {
    disk = smallDiskOrSkip(ctx, mountSmallDisk(2048));
    const { code, out, runDir } = await runAndLose((d) => d.readOnly());
    expect(code, out).toBe(3);
    expect(out).toMatch(new RegExp(`asyncbench: cannot write ${runDir}/\\S+: (EROFS|EPERM)`));
    expect(out).not.toContain('unexpected error');
    expect(out).not.toMatch(/\n\s+at /);
    expect(cellsIn(path.join(runDir, 'cells.jsonl')).map((c) => c.status)).toEqual(['completed']);
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')).cells).toHaveLength(1);
  }, 90_000);

  it('fills up: exit 3 with "disk full" and the path, results.json still parses, cells.jsonl keeps the first cell', async (ctx) => {
    disk = smallDiskOrSkip(ctx, mountSmallDisk(2048));
    const { code, out, runDir } = await runAndLose((d) => d.fill(0));
    expect(code, out).toBe(3);
    expect(out).toMatch(new RegExp(`asyncbench: disk full: could not write ${runDir}/\\S+`));
    expect(out).toContain('--resume');
    expect(out).not.toContain('unexpected error');
    // Every line whole (a line that did not fit is not left in part); the second may have fitted in the last block.
    expect(cellsIn(path.join(runDir, 'cells.jsonl'))[0]?.status).toBe('completed');
    expect(JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')).cells.length).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
