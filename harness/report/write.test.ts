// writeReport and `asyncbench report`: every file written atomically, a run directory re-rendered
// from its results.json, bad input refused with a hint (exit 2), and the static site of all runs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../errors.js';
import { main } from './cli.js';
import { FIXTURE_FILE, fixture } from './fixtures/load-fixture.js';
import { writeReport } from './write.js';
import { writeRunReport } from '../cli/write-report.js';
import { mountSmallDisk, smallDiskOrSkip } from '../testing/tmpfs.js';

const quiet = { out: () => {}, err: () => {} };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-report-'));
const TSX = path.join(import.meta.dirname, '../../node_modules/.bin/tsx');
const CLI = path.join(import.meta.dirname, 'cli.ts');

describe('writeReport', () => {
  it('writes index.html, summary.md, results.csv and one PNG per chart, leaving no temp files', async () => {
    const dir = tmp();
    const out = await writeReport(dir, fixture());
    expect(out.html).toBe(path.join(dir, 'index.html'));
    for (const f of ['index.html', 'summary.md', 'results.csv', 'capacity.csv']) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const pngs = fs.readdirSync(path.join(dir, 'charts'));
    expect(pngs.length).toBeGreaterThanOrEqual(17);
    // capacity.csv too: the fixture has a capacity search (--slo).
    expect(out.files.length).toBe(4 + pngs.length);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('on a full disk keeps the old index.html and raises "disk full" with its path (exit 3), not a renderer warning', async (ctx) => {
    const disk = smallDiskOrSkip(ctx, mountSmallDisk(256));
    try {
      const html = path.join(disk.dir, 'index.html');
      fs.writeFileSync(html, '<p>the earlier report</p>');
      disk.fill(4096);
      const warned: string[] = [];
      const progress = { warn: (m: string) => warned.push(m) } as unknown as Parameters<typeof writeRunReport>[2];
      await expect(writeRunReport(disk.dir, fixture(), progress)).rejects.toMatchObject({
        code: 'disk-full',
        exitCode: 3,
        message: `disk full: could not write ${html}`,
      });
      expect(warned).toEqual([]);
      expect(fs.readFileSync(html, 'utf8')).toBe('<p>the earlier report</p>');
    } finally {
      disk.unmount();
    }
  });
});

describe('npm run report', () => {
  it('re-renders a run directory from its results.json', async () => {
    const dir = tmp();
    fs.copyFileSync(FIXTURE_FILE, path.join(dir, 'results.json'));
    expect(await main([dir, '--no-png'], quiet)).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'index.html'), 'utf8')).toContain('<section id="headline"');
  });

  it('rejects a missing or invalid results.json with a hint (exit code 2)', async () => {
    const dir = tmp();
    await expect(main([dir], quiet)).rejects.toMatchObject({ code: 'no-results', exitCode: 2 });
    fs.writeFileSync(path.join(dir, 'results.json'), '{"schemaVersion": 2}');
    const err = (await main([dir], quiet).catch((e: unknown) => e)) as BenchError;
    expect(err).toBeInstanceOf(BenchError);
    expect(err.code).toBe('invalid-results');
    expect(err.problems.length).toBeGreaterThan(0);
    const proc = spawnSync(TSX, [CLI, path.join(dir, 'nope')], { encoding: 'utf8' });
    expect(proc.status).toBe(2);
    expect(proc.stderr).toContain('does not exist');
    expect(proc.stderr).toContain('hint: ');
    expect(proc.stderr).not.toMatch(/\n\s+at /);
  });

  it('publishes every run under reports/ as a static site, skipping the latest symlink and broken runs', async () => {
    const reports = tmp();
    for (const id of ['2025-11-20T10-00-00Z', '2025-11-22T12-00-00Z']) {
      fs.mkdirSync(path.join(reports, id));
      const r = fixture();
      r.run.id = id;
      r.run.startedAt = `${id.slice(0, 10)}T${id.slice(11, 13)}:00:00.000Z`;
      fs.writeFileSync(path.join(reports, id, 'results.json'), JSON.stringify(r));
    }
    fs.mkdirSync(path.join(reports, 'broken'));
    fs.writeFileSync(path.join(reports, 'broken', 'results.json'), 'not json');
    fs.symlinkSync('2025-11-22T12-00-00Z', path.join(reports, 'latest'));
    const site = path.join(tmp(), 'site');
    expect(await main(['--publish', site, '--reports', reports, '--no-png'], quiet)).toBe(0);
    expect(fs.readdirSync(site).sort()).toEqual(['2025-11-20T10-00-00Z', '2025-11-22T12-00-00Z', 'index.html']);
    const index = fs.readFileSync(path.join(site, 'index.html'), 'utf8');
    expect(index.indexOf('2025-11-22T12-00-00Z')).toBeLessThan(index.indexOf('2025-11-20T10-00-00Z'));
    expect(index).toContain('href="2025-11-22T12-00-00Z/index.html"');
    expect(index).toContain('At 100 connections with 4 workers, node-async served 24×');
    expect(fs.existsSync(path.join(site, '2025-11-20T10-00-00Z', 'results.json'))).toBe(true);
  });
});
