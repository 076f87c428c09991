// A full disk under the two writers of the run's files, on a real 64 KiB tmpfs: a short write must
// not replace results.json by a torn prefix, nor leave half a line in cells.jsonl.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isBenchError } from '../errors.js';
import { mountSmallDisk, smallDiskOrSkip, type SmallDisk } from '../testing/tmpfs.js';
import { appendLineDurable, writeFileAtomic } from './atomic-write.js';

let disk: SmallDisk | null = null;
afterEach(() => {
  disk?.unmount();
  disk = null;
});

const caught = (f: () => void): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
};

describe('writes on a full disk', () => {
  it('writeFileAtomic: keeps the old file, leaves no temp file, and says "disk full" with the path (exit 3)', (ctx) => {
    disk = smallDiskOrSkip(ctx, mountSmallDisk(64));
    const file = path.join(disk.dir, 'results.json');
    fs.writeFileSync(file, '{"old":true}\n');
    disk.fill(16 * 1024);
    const e = caught(() => writeFileAtomic(file, JSON.stringify({ cells: 'x'.repeat(100_000) })));
    expect(isBenchError(e), String(e)).toBe(true);
    expect(e).toMatchObject({ code: 'disk-full', exitCode: 3, message: `disk full: could not write ${file}` });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"old":true}\n');
    expect(fs.readdirSync(disk.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('appendLineDurable: a line that does not fit is not appended in part; the earlier lines stay whole', (ctx) => {
    disk = smallDiskOrSkip(ctx, mountSmallDisk(64));
    const file = path.join(disk.dir, 'cells.jsonl');
    appendLineDurable(file, '{"cell":1}');
    disk.fill(8 * 1024);
    const e = caught(() => appendLineDurable(file, JSON.stringify({ cell: 2, pad: 'x'.repeat(60_000) })));
    expect(e).toMatchObject({ code: 'disk-full', exitCode: 3 });
    expect(fs.readFileSync(file, 'utf8')).toBe('{"cell":1}\n');
    disk.unfill();
    appendLineDurable(file, '{"cell":3}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"cell":1}\n{"cell":3}\n');
  });

  it('a read-only folder: "cannot write" with the path and the reason (exit 3)', (ctx) => {
    disk = smallDiskOrSkip(ctx, mountSmallDisk(64));
    const file = path.join(disk.dir, 'results.json');
    fs.writeFileSync(file, '{"old":true}\n');
    disk.readOnly();
    const e = caught(() => writeFileAtomic(file, '{"new":true}\n'));
    expect(e).toMatchObject({ code: 'output-not-writable', exitCode: 3 });
    expect((e as Error).message).toMatch(new RegExp(`^cannot write ${file}: (EROFS|EPERM)`));
    expect(fs.readFileSync(file, 'utf8')).toBe('{"old":true}\n');
  });
});
