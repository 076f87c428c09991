// The CLI with --engine locust as a user runs it: the results and the report name the engine, and
// Ctrl-C mid-cell leaves no Locust master, worker or server behind (checked in the process table).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Results } from '../../types.js';
import { fixtureConfig, startCli as startFixtureCli, waitFor, type RunningCli } from '../../testing/cli.js';
import { FAULTY_SERVER, processesMatching, waitNoProcesses } from '../../testing/fixtures.js';
import { LOCUST_DIR_PREFIX } from './session.js';

/** In the command line of the master and of every local worker a given harness started. */
const locustOf = (harnessPid: number) => `${LOCUST_DIR_PREFIX}${harnessPid}-`;
const harnessPids: number[] = [];

function setup(connections: number[]): { config: string; out: string } {
  const { config, out } = fixtureConfig('ab-locust-cli-', { connections, duration: '1s', warmup: '300ms', engine: 'locust', loadgenWorkers: 2 });
  return { config, out };
}

/** The CLI, remembering its pid: the Locust processes it starts carry it in their command line. */
function startCli(args: string[]): RunningCli {
  const cli = startFixtureCli(args);
  harnessPids.push(cli.child.pid as number);
  return cli;
}

const readResults = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;

afterEach(async () => {
  for (const pid of harnessPids.splice(0)) expect(await waitNoProcesses(locustOf(pid), 8000)).toEqual([]);
  expect(await waitNoProcesses(FAULTY_SERVER)).toEqual([]);
});

describe('--engine locust from the CLI', () => {
  it('records engine "locust" with each worker\'s host and CPU in the results and the report', async () => {
    const { config, out } = setup([5]);
    const cli = startCli(['--config', config, '--out', out]);
    expect(await cli.exited, cli.output()).toBe(0);
    const cell = readResults(out).cells[0]!;
    expect(cell.status, JSON.stringify(cell.error)).toBe('completed');
    expect(cell.engine).toBe('locust');
    expect(cell.loadgen?.workers).toBe(2);
    expect(cell.loadgen?.hosts).toEqual([os.hostname()]);
    expect(cell.loadgen?.cpuPct.every((c) => typeof c === 'number')).toBe(true);
    expect(cell.requests.verifyFailed).toBe(0);
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('locust');
  }, 90_000);

  it('Ctrl-C mid-cell stops the master, the workers and the server, and keeps the finished cell', async () => {
    const { config, out } = setup([5, 10]);
    const cli = startCli(['--config', config, '--out', out]);
    await waitFor(() => cli.output().includes('[1/2]'));
    await new Promise((r) => setTimeout(r, 700)); // inside the second cell's load
    expect(processesMatching(locustOf(cli.child.pid as number)).length).toBe(3); // the master and 2 workers
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    const results = readResults(out);
    expect(results.run.status).toBe('interrupted');
    expect(results.cells[0]?.status).toBe('completed');
    expect(results.cells[0]?.engine).toBe('locust');
  }, 90_000);

  it('a SIGKILLed harness leaves no Locust process: the master quits when its stdin closes, and takes the workers with it', async () => {
    const { config, out } = setup([5]);
    const cfg = JSON.parse(fs.readFileSync(config, 'utf8'));
    fs.writeFileSync(config, JSON.stringify({ ...cfg, duration: '20s' }));
    const cli = startCli(['--config', config, '--out', out]);
    const mine = locustOf(cli.child.pid as number);
    await waitFor(() => processesMatching(mine).length === 3 && cli.output().includes('starting fixture'));
    await new Promise((r) => setTimeout(r, 1500));
    cli.child.kill('SIGKILL');
    await cli.exited;
    expect(await waitNoProcesses(mine, 5000)).toEqual([]);
    // The server is the stale-server path's to find (servers.pid.json); stop it here.
    const pidFile = JSON.parse(fs.readFileSync(path.join(out, 'servers.pid.json'), 'utf8')) as Array<{ pgid: number; label: string }>;
    for (const g of pidFile) {
      try {
        process.kill(-g.pgid, 'SIGKILL');
      } catch {
        // already gone (the Locust groups are)
      }
    }
  }, 90_000);
});
