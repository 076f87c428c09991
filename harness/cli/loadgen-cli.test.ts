// Generator workers and CPU sets through the real CLI, as a user runs them: the run records what
// it pinned, /proc agrees, and Ctrl-C leaves no generator worker or server behind.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableCpus, cpusOfPid } from '../host/cpus.js';
import { groupPidsOf } from '../host/proc-tree.js';
import { FAULTY_SERVER, processesMatching, waitNoProcesses } from '../testing/fixtures.js';
import { fixtureConfig, startCli, waitFor } from '../testing/cli.js';
import type { Results } from '../types.js';

const config = (extra: Record<string, unknown> = {}) => fixtureConfig('ab-loadgen-', extra);
const cli = (args: string[], ownGroup = false) => startCli(args, { ownGroup });

describe('generator workers and CPU sets through the CLI', () => {
  it('--loadgen-cpus and --server-cpus: recorded in provenance and cells, and /proc Cpus_allowed_list agrees', async () => {
    const cpus = availableCpus();
    const gen = cpus[0]!;
    const srv = cpus.at(-1)!;
    const { config: file, out } = config();
    const run = cli(['--config', file, '--out', out, '--loadgen-cpus', String(gen), '--server-cpus', String(srv)]);
    // While the cell runs, every server process is pinned to the server set.
    await waitFor(() => run.output().includes('[1/1]') || run.output().includes('starting fixture'));
    let seen: number[][] = [];
    await waitFor(() => {
      const pidFile = path.join(out, 'servers.pid.json');
      if (!fs.existsSync(pidFile)) return false;
      const groups = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as Array<{ pgid: number }>;
      seen = groups
        .flatMap((g) => groupPidsOf(g.pgid))
        .map((p) => cpusOfPid(p))
        .filter((c): c is number[] => c !== null);
      return seen.length > 0;
    });
    expect(await run.exited).toBe(0);
    for (const c of seen) expect(c).toEqual([srv]);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(results.run.provenance.loadgenCpus).toEqual([gen]);
    expect(results.run.provenance.serverCpus).toEqual([srv]);
    expect(results.run.provenance.sharedCores).toContain(`pinned to CPU ${gen}`);
    const cell = results.cells[0]!;
    expect(cell.status).toBe('completed');
    expect(cell.loadgen?.cpus).toEqual([gen]);
  }, 90_000);

  it('Ctrl-C with 2 generator workers (sent to the whole group, as a terminal does) leaves no generator worker and no server', async () => {
    const { config: file, out } = config({ duration: '20s' });
    const run = cli(['--config', file, '--out', out, '--loadgen-workers', '2'], true);
    const mine = () => processesMatching(`child.ts --parent ${run.child.pid}`);
    await waitFor(() => mine().length === 2);
    await new Promise((r) => setTimeout(r, 800));
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exited).toBe(130);
    expect(await waitNoProcesses(`child.ts --parent ${run.child.pid}`)).toEqual([]);
    expect(await waitNoProcesses(FAULTY_SERVER)).toEqual([]);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    expect(results.run.status).toBe('interrupted');
    expect(results.cells[0]?.status).toBe('aborted');
  }, 90_000);

  it('a SIGKILLed harness takes its generator workers with it (they exit when their parent goes away)', async () => {
    const { config: file, out } = config({ duration: '20s' });
    const run = cli(['--config', file, '--out', out, '--loadgen-workers', '2']);
    const needle = `child.ts --parent ${run.child.pid}`;
    await waitFor(() => processesMatching(needle).length === 2);
    run.child.kill('SIGKILL');
    await run.exited;
    expect(await waitNoProcesses(needle)).toEqual([]);
    // The server it left is the stale-server cleanup's job (stale.test.ts); stop it here.
    const groups = JSON.parse(fs.readFileSync(path.join(out, 'servers.pid.json'), 'utf8')) as Array<{ pgid: number }>;
    for (const g of groups) {
      try {
        process.kill(-g.pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }, 90_000);
});
