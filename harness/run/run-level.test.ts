// A config's run-level keys (issue 23), through the CLI as a user runs it: `setup` starts a process
// beside the server (a stand-in database that burns CPU and writes a pid file), `resources.also`
// samples it by that pid file and adds its CPU to CPU per request, `teardown` stops it however the
// run ended; a setup that fails stops the run before any load, naming the command.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureConfig, startCli } from '../testing/cli.js';
import type { Results } from '../types.js';

// Spins ~30% of a core until killed, after writing its pid where the config says.
const BUSY_DB = `require('fs').writeFileSync(process.argv[1], String(process.pid));
setInterval(() => { const t = Date.now(); while (Date.now() - t < 30); }, 100);`;
const START = `const { spawn } = require('child_process');
const c = spawn(process.execPath, ['-e', ${JSON.stringify(BUSY_DB)}, 'db.pid'], { detached: true, stdio: 'ignore' });
c.unref();
const t = Date.now(); while (!require('fs').existsSync('db.pid') && Date.now() - t < 5000);`;
const STOP = `process.kill(Number(require('fs').readFileSync('db.pid', 'utf8')), 'SIGTERM')`;

/** Live and not a zombie (a reparented child may wait a moment to be reaped). */
async function aliveAfter(pid: number, ms = 3000): Promise<boolean> {
  const live = () => {
    try {
      return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + ms;
  while (live() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return live();
}

describe('run-level setup, teardown and resources.also', () => {
  it('runs setup once before the run, samples the process it started beside the server, and tears it down', async () => {
    const { dir, config, out } = fixtureConfig('ab-runlevel-', {
      setup: [['node', '-e', START]],
      teardown: [['node', '-e', STOP]],
      resources: { also: [{ pidFile: 'db.pid' }] },
      duration: '2s',
    });
    const cli = startCli(['--config', config, '--out', out]);
    const code = await cli.exited;
    expect(code, cli.output()).toBe(0);
    expect(cli.output()).toContain('run setup (from the config): node -e');
    expect(cli.output()).toContain('run teardown (from the config): node -e');
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    const cell = results.cells[0]!;
    expect(cell.status).toBe('completed');
    expect(cell.beside).toMatchObject({ label: path.join(dir, 'db.pid'), processes: 1 });
    // The stand-in spins about 30% of a core: seen beside the server, and added to CPU per request.
    expect(cell.beside!.resources.cpuPct).toBeGreaterThan(10);
    expect(cell.cpuMsPerRequestTotal).toBeCloseTo(cell.cpuMsPerRequest! + cell.beside!.cpuMsPerRequest!, 6);
    expect(cell.beside!.cpuMsPerRequest).toBeGreaterThan(0);
    const pid = Number(fs.readFileSync(path.join(dir, 'db.pid'), 'utf8'));
    expect(await aliveAfter(pid), 'teardown stopped the process setup started').toBe(false);
    expect(fs.readFileSync(path.join(out, 'logs', 'run-setup.log'), 'utf8')).toContain('# node -e');
  }, 90_000);

  it('a failing setup stops the run before any load, naming the command, and still runs teardown', async () => {
    const { dir, config, out } = fixtureConfig('ab-runlevel-bad-', {
      setup: [['node', '-e', 'process.exit(3)']],
      teardown: [['node', '-e', "require('fs').writeFileSync('torn-down', 'yes')"]],
    });
    const cli = startCli(['--config', config, '--out', out]);
    expect(await cli.exited).toBe(3);
    expect(cli.output()).toContain("the config's run setup failed: node -e process.exit(3) exited with 3");
    expect(cli.output()).toContain(`fix that command in "setup" of ${config}`);
    expect(fs.readFileSync(path.join(dir, 'torn-down'), 'utf8')).toBe('yes');
  }, 60_000);

  it('names a malformed key with the fix', async () => {
    const { config } = fixtureConfig('ab-runlevel-keys-', { setup: 'pg_ctl start', resources: { also: [3] } });
    const cli = startCli(['--config', config]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toContain('"setup" in the config file: expected an array of argv arrays');
    expect(cli.output()).toContain('"resources.also[0]" in the config file: expected a process name ("postgres") or {"pidFile": "path"}');
  }, 30_000);
});
