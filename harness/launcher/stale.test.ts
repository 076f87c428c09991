// Servers left behind by a SIGKILLed harness, with the real Django servers: gunicorn starts through
// its #! line, so the kernel's command line (python .venv/bin/gunicorn …) is not the argv we ran.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PID_FILE } from '../host/children.js';
import { scanGroup } from '../host/proc-tree.js';
import { DJANGO_PYTHON } from '../../servers/targets/django.js';
import { PROJECT_ROOT, processesMatching } from '../testing/fixtures.js';
import { httpRequest } from './http-get.js';
import { identify, runsScript } from '../host/identity.js';
import { portInUse } from '../host/ports.js';
import { staleMembers } from './stale.js';

const MAIN = path.join(PROJECT_ROOT, 'harness/cli/main.ts');
const venvReady = fs.existsSync(DJANGO_PYTHON);

function startCli(args: string[], extraEnv: Record<string, string> = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: 'true', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code, sig) => r(code ?? (sig ? 128 : null))));
  return { child, output: () => out, exited };
}

async function waitFor(pred: () => boolean, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Left {
  label: string;
  pgid: number;
  port: number;
}

// Its own registry of live harnesses, so no other run on this machine cleans up our servers first.
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-stale-state-'));
const env = { ASYNCBENCH_STATE_DIR: stateDir };
const made = [stateDir];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

/** Starts one Django target with one cell, in a folder of its own (not a sibling of the next run's). */
function startRun(target: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `ab-stale-${target}-`));
  made.push(root);
  const out = path.join(root, 'nested', 'run');
  // A 15 s sleep: the cell's first request (the check before its load) holds the harness mid-cell,
  // whatever the load generator does.
  const cli = startCli(
    [
      '--targets',
      target,
      '--scenarios',
      'sleep',
      '--param',
      'sleep.ms=15000',
      '--workers',
      '1',
      '--connections',
      '2',
      '--duration',
      '2s',
      '--warmup',
      '200ms',
      '--out',
      out,
    ],
    env,
  );
  return { target, out, cli };
}

/** Until the run's server is listed in its pid file and answers /health. */
async function waitServing(run: ReturnType<typeof startRun>): Promise<void> {
  let ok = false;
  const deadline = Date.now() + 90_000;
  while (!ok && Date.now() < deadline && run.cli.child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
    const list = readPidFile(run.out);
    const port = list?.[0] ? portOf(list[0].command) : null;
    if (port)
      ok = await httpRequest(`http://127.0.0.1:${port}/health`, { timeoutMs: 1000 }).then(
        (r) => r.status === 200,
        () => false,
      );
  }
  expect(ok, `${run.target} never served\n${run.cli.output()}`).toBe(true);
}

type Listed = { label: string; pgid: number; command: string[] }[];
function readPidFile(out: string): Listed | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(out, PID_FILE), 'utf8')) as Listed;
  } catch {
    return null;
  }
}
const portOf = (command: string[]) => Number(/127\.0\.0\.1:(\d+)/.exec(command.join(' '))?.[1]) || null;

/** What a SIGKILLed run left: its one group, still alive, still holding its port. */
async function leftBehind(run: ReturnType<typeof startRun>): Promise<Left> {
  const list = readPidFile(run.out);
  expect(list).toHaveLength(1);
  const { label, pgid, command } = list![0]!;
  const port = portOf(command)!;
  expect(label).toBe(run.target);
  expect(scanGroup(pgid).length).toBeGreaterThan(0);
  expect(await portInUse(port, '127.0.0.1')).toBe(true);
  return { label, pgid, port };
}

describe.skipIf(!venvReady && process.env.CI !== 'true')('stale Django servers after a SIGKILLed harness', () => {
  it('the next run, in another folder, stops both groups and names them; no process or port is left', async () => {
    // Both servers up at once: the second run starts once the first is past its setup commands.
    const wsgi = startRun('django-wsgi-sync');
    await waitFor(() => wsgi.cli.output().includes('starting django-wsgi-sync'), `wsgi launch\n${wsgi.cli.output()}`);
    const asgi = startRun('django-asgi-uvicorn');
    for (const r of [wsgi, asgi]) await waitServing(r);
    await new Promise((r) => setTimeout(r, 1000));
    for (const r of [wsgi, asgi]) expect(r.cli.child.exitCode, r.cli.output()).toBeNull();
    for (const r of [wsgi, asgi]) r.cli.child.kill('SIGKILL');
    await Promise.all([wsgi.cli.exited, asgi.cli.exited]);
    // Nothing could stop them: the harness died with SIGKILL.
    const left = [await leftBehind(wsgi), await leftBehind(asgi)];
    // The kernel's view of the leader: the interpreter first, then the script we ran.
    const cmdline = fs.readFileSync(`/proc/${left[0]!.pgid}/cmdline`, 'utf8').split('\0');
    expect(path.basename(cmdline[0]!)).toMatch(/^python/);

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-stale-next-'));
    made.push(root);
    const out = path.join(root, 'run');
    const next = startCli(
      ['--targets', 'node-async', '--scenarios', 'sleep', '--workers', '1', '--connections', '1', '--duration', '500ms', '--warmup', '100ms', '--out', out],
      env,
    );
    // 0, or 4 if its one cell errored: what matters here is what it did before its first launch.
    expect([0, 4], next.output()).toContain(await next.exited);
    for (const l of left) {
      expect(next.output()).toContain(`stopped ${l.label} (process group ${l.pgid})`);
      expect(scanGroup(l.pgid), `${l.label} group ${l.pgid}`).toEqual([]);
      expect(await portInUse(l.port, '127.0.0.1'), `port ${l.port} of ${l.label}`).toBe(false);
      expect(processesMatching(`127.0.0.1:${l.port}`)).toEqual([]);
    }
  }, 180_000);
});

describe('what identifies a launched group', () => {
  // A #! script, as gunicorn is: the kernel's argv is [interpreter, script, ...args].
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-shebang-'));
  made.push(dir);
  const script = path.join(dir, 'serve');
  fs.writeFileSync(script, `#!${process.execPath}\nsetInterval(() => {}, 1000);\n`, { mode: 0o755 });

  it('matches a #! script through its interpreter, and refuses a group whose leader started at another time', async () => {
    const child = spawn(script, ['--port', '1'], { detached: true, stdio: 'ignore' });
    const pid = child.pid!;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline.slice(0, 2)).toEqual([process.execPath, script]); // not the argv we spawned
      const id = identify(pid, script, dir)!;
      expect(id).toMatchObject({ sid: pid, script: fs.realpathSync(script) });
      expect(runsScript(pid, id.script!)).toBe(true);
      expect(runsScript(process.pid, id.script!)).toBe(false);
      const entry = { pgid: pid, label: 'x', command: [script, '--port', '1'], harnessPid: 1, identity: null };
      expect(staleMembers({ ...entry, identity: id })).toEqual([pid]);
      // Without an identity nothing says the pid was not reused since: never killed (the next test).
      expect(staleMembers(entry)).toEqual([]);
      // Same pid, other start time: a reused pid, not ours.
      expect(staleMembers({ ...entry, identity: { ...id, startTicks: id.startTicks - 1 } })).toEqual([]);
      expect(staleMembers({ ...entry, identity: { ...id, bootId: 'another-boot' } })).toEqual([]);
    } finally {
      process.kill(-pid, 'SIGKILL');
    }
  });
});
