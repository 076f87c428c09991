// Fault injection with real processes: each fault must leave the results intact and no process behind.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { launchTarget } from '../launcher/launcher.js';
import { freePort } from '../host/ports.js';
import { readCellsJsonl } from '../results/store.js';
import { faultyTarget, FAULTY_SERVER, PROJECT_ROOT, runWith, waitNoProcesses } from '../testing/fixtures.js';
import http from 'node:http';

afterEach(async () => {
  expect(await waitNoProcesses(FAULTY_SERVER)).toEqual([]);
});

describe('faults', () => {
  it('wrong responses stop the cell before the load, with expected and actual bodies', async () => {
    const { store, erroredCells } = await runWith([faultyTarget('wrong', 'wrong-body')], { connections: [5, 10] });
    expect(erroredCells).toBe(2);
    const cell = store.results.cells[0]!;
    expect(cell.status).toBe('errored');
    expect(cell.error?.code).toBe('verify-failed');
    expect(cell.error?.message).toContain('ms is 101, expected 100');
    expect(cell.error?.message).toContain('actual: status 200, body {"scenario":"sleep","ms":101');
    expect(cell.requests.ok + cell.requests.verifyFailed).toBe(0);
  });

  it('a server that never becomes ready fails within the readiness timeout, naming the command, with a hint', async () => {
    const started = Date.now();
    const { store } = await runWith([faultyTarget('stuck', 'never-ready', { readiness: { path: '/health', timeoutMs: 2000 } })], {
      readinessTimeoutS: 2,
      connections: [5, 10],
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(store.results.cells).toHaveLength(2);
    for (const c of store.results.cells) {
      expect(c.status).toBe('errored');
      expect(c.error?.code).toBe('target-not-ready');
      expect(c.error?.message).toMatch(/target stuck not ready within 2 s .*answered 503.*command: .*faulty-server\.ts/);
    }
  });

  it('a server that exits at start (an import error) is reported with its log tail and a hint', async () => {
    const { store } = await runWith([faultyTarget('broken', 'exit-at-start')]);
    const c = store.results.cells[0]!;
    expect(c.error?.code).toBe('target-not-ready');
    expect(c.error?.message).toContain('exited with code 1 before it was ready');
    expect(c.error?.logTail?.join('\n') ?? c.error?.message).toContain('ModuleNotFoundError');
  });

  it('a worker killed mid-cell errors that cell with the log tail; the target is relaunched for the next cell', async () => {
    const once = path.join(fs.mkdtempSync('/tmp/ab-once-'), 'crashed');
    const target = faultyTarget('crashy', 'crash-after=30');
    target.command.push('--once', once);
    const { store } = await runWith([target], { connections: [10, 5], workers: [2], durationS: 1.5 });
    const [first, second] = store.results.cells;
    expect(first?.status).toBe('errored');
    expect(first?.error?.code).toBe('server-died');
    expect(first?.error?.message).toMatch(/crashy lost process(es)? [\d, ]+ during the cell \(a worker died\)/);
    expect(first?.error?.logTail?.join('\n')).toContain('crashing on purpose after 30 requests');
    expect(second?.status).toBe('completed');
    expect(second?.requests.ok).toBeGreaterThan(0);
    const log = fs.readFileSync(path.join(store.dir, 'logs/crashy-w2-r1.log'), 'utf8');
    expect(log.match(/^# \d{4}-/gm)).toHaveLength(2);
    expect(readCellsJsonl(path.join(store.dir, 'cells.jsonl'))).toHaveLength(2);
  });

  it('the master killed mid-cell errors that cell, and the target is relaunched for the next one', async () => {
    const { store } = await runWith([faultyTarget('masterless', 'primary-exit-after=1200')], { connections: [10, 5], durationS: 1.5, warmupS: 0.3 });
    const [first, second] = store.results.cells;
    expect(first?.status).toBe('errored');
    expect(first?.error?.message).toMatch(/masterless exited during the cell \(code 9\)/);
    expect(first?.error?.logTail?.join('\n')).toContain('exiting on purpose');
    // The relaunched server dies again 1.2 s in, so the second cell errors the same way; it ran, on a new launch.
    expect(second?.error?.message ?? 'completed').toMatch(/exited during the cell|completed/);
    const log = fs.readFileSync(path.join(store.dir, 'logs/masterless-w1-r1.log'), 'utf8');
    expect(log.match(/^# \d{4}-/gm)).toHaveLength(2);
  });

  it('an output directory that cannot be written stops the run before any load, with the fix', async () => {
    const file = path.join(fs.mkdtempSync('/tmp/ab-ro-'), 'a-file');
    fs.writeFileSync(file, 'x');
    await expect(runWith([faultyTarget('never', 'none')], { outDir: path.join(file, 'run') })).rejects.toMatchObject({
      code: 'output-not-writable',
      exitCode: 3,
      hint: expect.stringContaining('--out'),
    });
  });

  it('a server that ignores SIGTERM is SIGKILLed after its grace period', async () => {
    const port = await freePort();
    const logFile = path.join(fs.mkdtempSync('/tmp/ab-'), 'x.log');
    const server = await launchTarget({
      def: faultyTarget('deaf', 'ignore-term', { stop: { signal: 'SIGTERM', graceMs: 500 } }),
      workers: 2,
      threads: 1,
      port,
      logFile,
      readinessTimeoutMs: 15_000,
      projectRoot: PROJECT_ROOT,
    });
    const t = Date.now();
    await server.stop();
    expect(Date.now() - t).toBeGreaterThanOrEqual(450);
  });

  it('a server that answers before its delay is caught by the latency rule in a real run', async () => {
    const { store } = await runWith([faultyTarget('cheat', 'early'), faultyTarget('honest', 'none')], { connections: [10] });
    const [cheat, honest] = store.results.cells;
    expect(cheat?.status).toBe('completed');
    expect(cheat?.valid).toBe(false);
    expect(cheat?.validity.map((v) => v.code)).toContain('latency-below-delay');
    expect(cheat?.validity.find((v) => v.code === 'latency-below-delay')?.message).toMatch(/below the injected delay of 100\.0 ms/);
    expect(honest?.valid).toBe(true);
    expect(honest?.validity).toEqual([]);
    expect(honest?.resources.samples).toBeGreaterThan(0);
    expect(honest?.resources.rssMiB).toBeGreaterThan(10);
  });

  it('a port already taken is refused before launch, naming the port', async () => {
    const blocker = http.createServer((_q, r) => r.end('{}'));
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(
        launchTarget({
          def: faultyTarget('taken', 'none'),
          workers: 1,
          threads: 1,
          port,
          logFile: '/tmp/ab-taken.log',
          readinessTimeoutMs: 5000,
          projectRoot: PROJECT_ROOT,
        }),
      ).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
