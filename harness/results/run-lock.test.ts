// One harness per run directory: --resume of a run that is still going is refused by name, while a
// lock left by a harness that died (or whose pid now belongs to another process) is taken over.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Results } from '../types.js';
import { fixtureConfig, startCli, waitFor } from '../testing/cli.js';
import { FAULTY_SERVER, waitNoProcesses } from '../testing/fixtures.js';
import { readStat } from '../host/proc-tree.js';
import { LOCK_FILE, lockRunDir, ownLock } from './run-lock.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ab-lock-'));
const writeLock = (dir: string, over: Record<string, unknown>) => fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ ...ownLock(), ...over }));

afterEach(async () => {
  expect(await waitNoProcesses(FAULTY_SERVER)).toEqual([]);
});

describe('the run directory lock', () => {
  it('refuses a directory a live process holds, naming it; takes over one whose owner is gone or whose pid was reused', () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = other.pid!;
      const dir = tmp();
      writeLock(dir, { pid, startTicks: readStat(pid)!.startTicks });
      expect(() => lockRunDir(dir)).toThrow(expect.objectContaining({ code: 'run-in-progress', exitCode: 3 }));
      expect(() => lockRunDir(dir)).toThrow(`${dir} is being run by another asyncbench (pid ${pid}, since`);
      // The same pid with another start time is another process: the lock is stale.
      writeLock(dir, { pid, startTicks: readStat(pid)!.startTicks + 1 });
      const release = lockRunDir(dir);
      expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      release();
      expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
      // A pid that no longer runs (a SIGKILLed harness): taken over.
      writeLock(dir, { pid: 2 ** 22 + 7, startTicks: 1 });
      lockRunDir(dir)();
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('--resume of a run that is still going exits 3 naming its pid; the running one finishes alone', async () => {
    const { config, out } = fixtureConfig('ab-lock-cli-', { connections: [5, 10], duration: '2s', warmup: '200ms' });
    const first = startCli(['--config', config, '--out', out]);
    await waitFor(() => first.output().includes('[1/2]'));
    const second = startCli(['--resume', out]);
    expect(await second.exited, second.output()).toBe(3);
    expect(second.output()).not.toContain('resuming');
    expect(second.output()).toContain(`asyncbench: ${out} is being run by another asyncbench (pid ${first.child.pid}, since`);
    expect(await first.exited, first.output()).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(results.cells.map((c) => `${c.connections}/${c.status}`)).toEqual(['5/completed', '10/completed']);
    expect(fs.readFileSync(path.join(out, 'cells.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    expect(fs.existsSync(path.join(out, LOCK_FILE))).toBe(false);
  }, 90_000);
});
