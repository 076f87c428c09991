// A small real filesystem for the tests of what a full or read-only disk does to a run: a tmpfs
// of a few KiB (mount needs root, which CI has). Where it cannot be mounted the tests skip on a
// developer's machine, but fail under CI=true, so a gap cannot pass unseen.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Fills the disk until at most `leaveBytes` are free. */
  fill(leaveBytes?: number): void;
  /** Frees what fill() took. */
  unfill(): void;
  /**
   * Makes every file and folder on it immutable (chattr +i): no file can be created, replaced or
   * appended to, even by root, as on a disk that turned read-only. (A remount read-only is
   * refused while a server's log is open for writing on it.)
   */
  readOnly(): void;
  unmount(): void;
}

function sh(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`.trim() };
}

/** Mounts a tmpfs of `sizeKiB`; the reason as a string when it cannot. */
export function mountSmallDisk(sizeKiB: number): SmallDisk | string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-disk-'));
  const m = sh(['mount', '-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0755`, 'tmpfs', dir]);
  if (!m.ok) {
    fs.rmdirSync(dir);
    return `cannot mount a tmpfs (${m.out || 'mount failed'}); these tests need root`;
  }
  const filler = path.join(dir, '.filler');
  return {
    dir,
    fill(leaveBytes = 0) {
      fs.rmSync(filler, { force: true });
      const free = fs.statfsSync(dir);
      const size = Math.max(0, free.bavail * free.bsize - leaveBytes);
      const fd = fs.openSync(filler, 'w');
      try {
        // Whole blocks until the disk refuses: what the kernel counts, not what statfs promised.
        const block = Buffer.alloc(4096);
        for (let written = 0; written < size; written += block.length) fs.writeSync(fd, block);
      } catch {
        // full
      } finally {
        fs.closeSync(fd);
      }
    },
    unfill() {
      fs.rmSync(filler, { force: true });
    },
    readOnly() {
      const r = sh(['chattr', '-R', '+i', dir]);
      if (!r.ok) throw new Error(`chattr +i failed: ${r.out}`);
    },
    unmount() {
      sh(['chattr', '-R', '-i', dir]);
      sh(['umount', '-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** For a test that needs a small disk: skip with the reason, or fail under CI=true. */
export function smallDiskOrSkip(ctx: { skip: (note?: string) => void }, disk: SmallDisk | string): SmallDisk {
  if (typeof disk !== 'string') return disk;
  if (process.env.CI === 'true') throw new Error(`a small tmpfs is required under CI=true, but: ${disk}`);
  ctx.skip(disk);
  throw new Error('unreachable');
}
