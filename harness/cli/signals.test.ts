// The CLI as a user runs it, interrupted the ways a user interrupts it. Each test checks the
// results on disk and, through the process table, that no server outlived the harness.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Results } from '../types.js';
import { FAULTY_SERVER, processesMatching, waitNoProcesses } from '../testing/fixtures.js';
import { fixtureConfig, startCli, waitFor } from '../testing/cli.js';

const setup = (workers = [1, 2], extraTarget: Record<string, unknown> = {}) => fixtureConfig('ab-cli-', { workers, connections: [5, 10] }, extraTarget);

const readResults = (out: string) => JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;

afterEach(async () => {
  expect(await waitNoProcesses(FAULTY_SERVER)).toEqual([]);
});

describe('signals', () => {
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${sig} mid-cell keeps finished cells, marks the interrupted one aborted, and stops every server`, async () => {
      const { config, out } = setup();
      const cli = startCli(['--config', config, '--out', out]);
      await waitFor(() => cli.output().includes('[1/4]'));
      await new Promise((r) => setTimeout(r, 600)); // inside the second cell's load
      expect(processesMatching(FAULTY_SERVER).length).toBeGreaterThan(0);
      cli.child.kill(sig);
      expect(await cli.exited).toBe(130);
      const results = readResults(out);
      expect(results.run.status).toBe('interrupted');
      expect(results.cells[0]?.status).toBe('completed');
      expect(results.cells[1]?.status).toBe('aborted');
      expect(results.cells).toHaveLength(2);
      expect(cli.output()).toContain('finished cells are kept');
    });
  }

  it('Ctrl-C while the report is written: the report is finished, every cell kept, and the exit code is 130, not 0', async () => {
    const { config, out } = setup([1]);
    const cli = startCli(['--config', config, '--out', out]);
    await waitFor(() => cli.output().includes('rendering the report'));
    cli.child.kill('SIGINT');
    expect(await cli.exited, cli.output()).toBe(130);
    expect(cli.output()).toContain('SIGINT: every cell is kept; finishing the report, then exiting with 130');
    expect(readResults(out).cells.map((c) => c.status)).toEqual(['completed', 'completed']);
    expect(fs.existsSync(path.join(out, 'index.html'))).toBe(true);
  });

  it('a second Ctrl-C exits at once, still killing the servers', async () => {
    const { config, out } = setup([1], { stop: { signal: 'SIGTERM', graceMs: 20_000 } });
    // ignore-term makes the graceful stop hang for its whole grace period; the second Ctrl-C must not wait.
    const cfg = JSON.parse(fs.readFileSync(config, 'utf8'));
    cfg.targets[0].command.push('--fault', 'ignore-term');
    fs.writeFileSync(config, JSON.stringify(cfg));
    const cli = startCli(['--config', config, '--out', out]);
    await waitFor(() => processesMatching(FAULTY_SERVER).length > 0 && cli.output().includes('starting fixture'));
    await new Promise((r) => setTimeout(r, 1500));
    cli.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    const t = Date.now();
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(130);
    expect(Date.now() - t).toBeLessThan(3000);
    expect(readResults(out).run.status).toBe('interrupted');
  });

  it('after the harness is SIGKILLed, the next run stops its servers, and --resume finishes the run', async () => {
    const { config, out } = setup();
    const cli = startCli(['--config', config, '--out', out]);
    await waitFor(() => cli.output().includes('[1/4]'));
    cli.child.kill('SIGKILL');
    await cli.exited;
    // The servers of the killed harness are still running: nothing could stop them.
    expect(processesMatching(FAULTY_SERVER).length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(out, 'servers.pid.json'))).toBe(true);
    expect(readResults(out).cells.length).toBeGreaterThanOrEqual(1);

    const resumed = startCli(['--resume', out]);
    expect(await resumed.exited).toBe(0);
    expect(resumed.output()).toMatch(/stopped fixture \(process group \d+\) left running by an earlier run/);
    expect(resumed.output()).toContain('finished cells are kept');
    const results = readResults(out);
    expect(results.run.status).toBe('completed');
    expect(results.cells.map((c) => `${c.workers}/${c.connections}/${c.status}`).sort()).toEqual([
      '1/10/completed',
      '1/5/completed',
      '2/10/completed',
      '2/5/completed',
    ]);
    expect(fs.existsSync(path.join(out, 'servers.pid.json'))).toBe(false);
  });
});
