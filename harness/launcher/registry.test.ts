// The registry of live harnesses on a shared machine: another local user (the real `nobody`
// account, through runuser) who creates it first must not make our cleanup delete a file or kill
// a process; a copy in it never deletes a path but its run's pid file; every group a run registers
// carries an identity, so a pid reused since is never taken for ours.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scanGroup } from '../host/proc-tree.js';
import { registerGroup, setPidFile, unregisterGroup, type PidFileEntry } from '../host/children.js';
import { identify } from '../host/identity.js';
import { runSetupCommands } from './setup-commands.js';
import { cleanStaleServers, staleMembers } from './stale.js';

const OTHER = 'nobody';
const made: string[] = [];
const victims: number[] = [];
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(d);
  return d;
};
afterEach(() => {
  vi.unstubAllEnvs();
  for (const pid of victims.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A process group we own, as an unrelated program of ours would be: what a forged registry points at. */
function victimGroup(): { pid: number; entry: PidFileEntry } {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  const pid = child.pid!;
  victims.push(pid);
  const entry: PidFileEntry = { pgid: pid, label: 'victim', command: ['sleep', '60'], harnessPid: 2 ** 22 + 11, identity: identify(pid, 'sleep', '/') };
  return { pid, entry };
}

/** Runs a shell command as the other user; a missing account or runuser fails the test (never a skip). */
function asOther(cmd: string): void {
  const r = spawnSync('runuser', ['-u', OTHER, '--', 'sh', '-c', cmd], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`runuser -u ${OTHER} failed (${r.status}): ${r.stderr}${r.error?.message ?? ''}; this test needs root and the ${OTHER} account`);
}

describe('the registry of live harnesses, on a machine shared with another user', () => {
  let shared: string;
  let victimFile: string;
  beforeEach(() => {
    // A world-writable sticky folder, as /tmp is.
    shared = tmp('ab-shared-tmp-');
    fs.chmodSync(shared, 0o1777);
    victimFile = path.join(tmp('ab-victim-'), 'precious.txt');
    fs.writeFileSync(victimFile, 'keep me');
  });

  it('refuses a registry another user created first: exit 3 naming it; nothing deleted, nothing killed', () => {
    const { pid, entry } = victimGroup();
    const state = path.join(shared, 'asyncbench-0');
    const forged = JSON.stringify({ pidFile: victimFile, groups: [entry] });
    asOther(`mkdir -p ${state}/live && printf '%s' '${forged}' > ${state}/live/1-1.json && chmod -R 0777 ${state}`);
    expect(fs.statSync(path.join(state, 'live')).uid).not.toBe(0);
    vi.stubEnv('ASYNCBENCH_STATE_DIR', state);
    const log: string[] = [];
    expect(() => cleanStaleServers(tmp('ab-reports-'), (m) => log.push(m))).toThrow(
      expect.objectContaining({
        code: 'unsafe-state-dir',
        exitCode: 3,
        message: expect.stringMatching(/^refusing the registry of running servers at .*: it belongs to uid \d+, not to you/),
      }),
    );
    expect(fs.readFileSync(victimFile, 'utf8')).toBe('keep me');
    expect(scanGroup(pid)).toEqual([pid]);
  });

  it('refuses a registry of ours that others may write to', () => {
    const state = tmp('ab-state-');
    fs.mkdirSync(path.join(state, 'live'), { mode: 0o777 });
    fs.chmodSync(path.join(state, 'live'), 0o777);
    vi.stubEnv('ASYNCBENCH_STATE_DIR', state);
    expect(() => cleanStaleServers(tmp('ab-reports-'), () => {})).toThrow(/live: others may write to it \(mode 0777\)/);
  });

  it("creates the registry 0700, and deletes no path a copy in it names but its run's own pid file", () => {
    const state = path.join(tmp('ab-state-'), 'nested');
    vi.stubEnv('ASYNCBENCH_STATE_DIR', state);
    const run = tmp('ab-run-');
    setPidFile(path.join(run, 'servers.pid.json'));
    registerGroup({ pgid: 2 ** 22 + 13, label: 'gone', command: ['x'], identity: null });
    unregisterGroup(2 ** 22 + 13);
    setPidFile(null);
    expect(fs.statSync(state).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(state, 'live')).mode & 0o777).toBe(0o700);
    // A copy (ours) whose harness is dead, naming a file that is not a run's pid file.
    const copy = path.join(state, 'live', '1-1.json');
    fs.writeFileSync(
      copy,
      JSON.stringify({ pidFile: victimFile, groups: [{ pgid: 2 ** 22 + 17, label: 'x', command: ['x'], harnessPid: 2 ** 22 + 19, identity: null }] }),
    );
    cleanStaleServers(tmp('ab-reports-'), () => {});
    expect(fs.readFileSync(victimFile, 'utf8')).toBe('keep me');
    expect(fs.existsSync(copy)).toBe(false);
  });
});

describe('every registered group has an identity', () => {
  it('a setup command is registered with its start time and session while it runs', async () => {
    const run = tmp('ab-run-');
    vi.stubEnv('ASYNCBENCH_STATE_DIR', tmp('ab-state-'));
    const pidFile = path.join(run, 'servers.pid.json');
    setPidFile(pidFile);
    try {
      const done = runSetupCommands('t', [['sleep', '1']], { cwd: run, logFile: path.join(run, 'setup.log') });
      let listed: PidFileEntry[] = [];
      for (let i = 0; i < 100 && listed.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        listed = fs.existsSync(pidFile) ? (JSON.parse(fs.readFileSync(pidFile, 'utf8')) as PidFileEntry[]) : [];
      }
      expect(listed).toHaveLength(1);
      expect(listed[0]!.identity).toMatchObject({ sid: listed[0]!.pgid, startTicks: expect.any(Number), script: fs.realpathSync('/usr/bin/sleep') });
      await done;
    } finally {
      setPidFile(null);
    }
  });

  it('a group listed without one is never killed: its pid may now be an unrelated Python process', () => {
    // As a Locust master was listed: [python, driver.py, ...], no identity. The pid now leads an unrelated python.
    const python = fs.realpathSync(process.env.PYTHON ?? '/usr/bin/python3');
    const other = spawn(python, ['-c', 'import time; time.sleep(60)'], { detached: true, stdio: 'ignore' });
    victims.push(other.pid!);
    const entry = {
      pgid: other.pid!,
      label: 'locust master',
      command: [python, '/x/driver.py', '--port', '5557'],
      harnessPid: 2 ** 22 + 23,
    } as unknown as PidFileEntry;
    expect(staleMembers(entry)).toEqual([]);
    expect(staleMembers({ ...entry, identity: null })).toEqual([]);
  });
});
