// The harness against an independent server with a known ceiling: nginx + echo holds every request
// 100 ms on its event loop, so at C connections theory allows C ÷ 0.1 s, and wrk measures the same
// endpoint in the same test. Invariants only: floors, the ceiling, agreement with wrk.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchTarget, type RunningServer } from '../launcher/launcher.js';
import { freePort } from '../host/ports.js';
import { runLoad } from '../load/driver.js';
import { cpusOfPid } from '../host/cpus.js';
import { groupPidsOf } from '../host/proc-tree.js';
import { nginxMissing, nginxSleep, nginxTarget } from './nginx.js';
import { PROJECT_ROOT } from './fixtures.js';

const missing = nginxMissing();
const wrkMissing = (() => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return null;
  } catch (e) {
    // wrk --version exits 1 after printing; only a missing binary throws ENOENT.
    return (e as { code?: string }).code === 'ENOENT' ? 'wrk is not installed (Debian: apt-get install wrk; npm run setup does it)' : null;
  }
})();
// npm run setup installs both; under CI a missing one is a failure, elsewhere a skip with the reason.
if (process.env.CI === 'true' && (missing || wrkMissing)) throw new Error(`CI: ${missing ?? wrkMissing}`);

describe.skipIf(missing !== null || wrkMissing !== null)(
  `nginx + echo as an independent server${missing || wrkMissing ? ` (skipped: ${missing ?? wrkMissing})` : ''}`,
  () => {
    let server: RunningServer;
    beforeAll(async () => {
      const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-nginx-'));
      server = await launchTarget({
        def: nginxTarget(),
        workers: 1,
        threads: 1,
        port: await freePort(),
        logFile: path.join(logDir, 'nginx.log'),
        readinessTimeoutMs: 10_000,
        projectRoot: PROJECT_ROOT,
      });
    });
    afterAll(async () => {
      await server?.stop();
    });

    it('2 generator workers at 100 connections: every response checked, p50 ≥ 100 ms, rps ≤ C ÷ 0.1 s × 1.05, and within 10% of wrk', async () => {
      const ours = await runLoad({
        baseUrl: server.url,
        scenario: nginxSleep,
        params: {},
        connections: 100,
        warmupS: 0.5,
        durationS: 2,
        timeoutS: 10,
        loadgenWorkers: 2,
      });
      const rps = ours.counts.ok / ours.windowS;
      expect(ours.counts.verifyFailed + ours.counts.non2xx + ours.counts.connErrors + ours.counts.timeouts).toBe(0);
      expect(ours.latency.summary()!.p50).toBeGreaterThanOrEqual(100);
      expect(rps).toBeLessThanOrEqual((100 / 0.1) * 1.05);
      expect(ours.connectionsOpenPeak).toBe(100);
      const out = execFileSync('wrk', ['-t1', '-c100', '-d2s', `${server.url}/sleep`], { encoding: 'utf8' });
      const wrkRps = Number(/Requests\/sec:\s*([\d.]+)/.exec(out)?.[1]);
      expect(wrkRps).toBeGreaterThan(0);
      expect(Math.abs(rps - wrkRps) / wrkRps).toBeLessThan(0.1);
    }, 30_000);

    it('--server-cpus pins every nginx process: /proc agrees', async () => {
      const cpu = cpusOfPid(process.pid)!.at(-1)!;
      const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-nginx-'));
      const pinned = await launchTarget({
        def: nginxTarget(),
        workers: 2,
        threads: 1,
        port: await freePort(),
        logFile: path.join(logDir, 'nginx.log'),
        readinessTimeoutMs: 10_000,
        projectRoot: PROJECT_ROOT,
        cpus: [cpu],
      });
      try {
        const pids = groupPidsOf(pinned.pgid);
        expect(pids.length).toBeGreaterThanOrEqual(3); // the wrapper, nginx's master and its 2 workers
        for (const p of pids) expect(cpusOfPid(p)).toEqual([cpu]);
      } finally {
        await pinned.stop();
      }
    }, 30_000);
  },
);
