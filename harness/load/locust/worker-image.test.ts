// The worker image of examples/locust-worker, as far as this machine can go without Docker: a venv
// holding the pinned Locust (what the official image has in /opt/venv, on PATH), the Dockerfile's
// own RUN line run in it, then the exact command line of job.yml (the image's `locust` entrypoint
// plus the Job's args) joining a master the test starts. The same venv with another hdrhistogram
// is a worker the master refuses by name (issue 22 items 14, 17). pip needs the package index.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtinScenarios } from '../../../scenarios/index.js';
import { resolveParams } from '../../../scenarios/define.js';
import { startServer, tempDb, type Started } from '../../../servers/node/test-helper.js';
import { PROJECT_ROOT, waitNoProcesses } from '../../testing/fixtures.js';
import type { ScenarioDef } from '../../types.js';
import { runLoad, type LoadSpec } from '../driver.js';
import { closeLocust } from './engine.js';
import { LOCUST_DIR_PREFIX, LOCUST_PINS } from './session.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'examples/locust-worker');
const dockerfile = fs.readFileSync(path.join(EXAMPLE, 'Dockerfile'), 'utf8');
const job = fs.readFileSync(path.join(EXAMPLE, 'job.yml'), 'utf8');
const venv = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-worker-venv-'));
const bin = path.join(venv, 'bin');
const sleep = builtinScenarios.find((s) => s.id === 'sleep') as ScenarioDef;
let server: Started;
const workers: ChildProcess[] = [];

/** A shell line with the venv first on PATH, as in the image; its failure fails the test (never a skip). */
function inImage(line: string): void {
  const r = spawnSync('sh', ['-c', line], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PIP_DISABLE_PIP_VERSION_CHECK: '1' },
  });
  if (r.status !== 0) throw new Error(`\`${line}\` failed (${r.status}): ${r.stdout}${r.stderr}`);
}

/** The image's `locust` entrypoint with job.yml's args, the harness host and port filled in. */
function jobWorker(port: number): ChildProcess {
  const args = JSON.parse(/^\s+args: (\[.*\])$/m.exec(job)![1]!) as string[];
  const filled = args.map((a) => (a === '<harness host>' ? '127.0.0.1' : a === '5557' ? String(port) : a));
  const w = spawn(path.join(bin, 'locust'), filled, { detached: true, stdio: 'ignore', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  workers.push(w);
  return w;
}

beforeAll(async () => {
  // The base image: Locust at the pinned version in a venv. Then the Dockerfile's RUN line, as written.
  inImage(`python3 -m venv ${venv} && pip install --quiet ${LOCUST_PINS.split(' ')[0]}`);
  const run = /^RUN (.*)$/m.exec(dockerfile)![1]!;
  inImage(run);
  server = await startServer({ model: 'async', workers: 1, db: tempDb() });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  fs.rmSync(venv, { recursive: true, force: true });
});
afterEach(async () => {
  await closeLocust();
  for (const w of workers.splice(0)) {
    try {
      process.kill(-(w.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
  }
  expect(await waitNoProcesses(`${LOCUST_DIR_PREFIX}${process.pid}-`, 8000)).toEqual([]);
});

function spec(onInfo: (m: string) => void, workersTimeoutS = 60): LoadSpec {
  return {
    baseUrl: `http://127.0.0.1:${server.port}`,
    scenario: sleep,
    params: resolveParams(sleep.params, { ms: 50 }),
    connections: 5,
    warmupS: 0.3,
    maxWarmupS: 10,
    durationS: 1,
    timeoutS: 10,
    engine: 'locust',
    engineOptions: { remoteWorkers: 1, masterBind: null, workersTimeoutS },
    messages: { info: onInfo, warn: onInfo },
  };
}
const portIn = (m: string) => Number(/--master-port (\d+)/.exec(m)?.[1]);

describe('examples/locust-worker: the image and the Job', () => {
  it('the Dockerfile is the pinned Locust image plus the pinned hdrhistogram, with no --user install', () => {
    const lines = dockerfile.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(lines).toEqual([`FROM locustio/locust:${LOCUST_PINS.split(' ')[0]!.split('==')[1]}`, `RUN pip install --no-cache-dir ${LOCUST_PINS.split(' ')[1]}`]);
    expect(job).toMatch(/image: <registry>\/asyncbench-locust-worker:2\.47\.0/);
    // The README shows the same recipe, and no longer the Job whose `pip install --user` fails in the image's venv.
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const l of dockerfile.trim().split('\n')) expect(readme).toContain(`  ${l}\n`);
    expect(readme).toContain(/^\s+args: .*$/m.exec(job)![0]);
    expect(readme).not.toMatch(/command: \[.*pip install --user/);
  });

  it("the Job's command line, in the image's venv, joins the master and runs a cell", async () => {
    const onInfo = (m: string) => {
      if (m.includes('--master-port')) jobWorker(portIn(m));
    };
    const out = await runLoad(spec(onInfo));
    expect(out.loadgenWorkers).toHaveLength(1);
    expect(out.counts).toMatchObject({ non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 });
    expect(out.counts.ok).toBeGreaterThan(0);
  }, 120_000);

  it('a worker with another hdrhistogram is refused by name before any cell', async () => {
    inImage('pip install --quiet hdrhistogram==0.10.7');
    const info: string[] = [];
    const onInfo = (m: string) => {
      info.push(m);
      if (m.includes('--master-port')) jobWorker(portIn(m));
    };
    await expect(runLoad(spec(onInfo, 8))).rejects.toThrow(
      /^0 of 1 Locust worker connected within 8 s \(refused \S+: hdrhistogram 0\.10\.7 \(the master runs 0\.10\.8\)\)$/,
    );
    expect(
      info.some((m) =>
        /^locust: refused worker \S+: hdrhistogram 0\.10\.7 \(the master runs 0\.10\.8\); install locust==2\.47\.0 hdrhistogram==0\.10\.8 there$/.test(m),
      ),
    ).toBe(true);
  }, 120_000);
});
