// Creating the folder a user named for output (--out, report --publish, soak, micro, compare --out).
// Node's recursive mkdir spins forever, at 100% CPU and deaf to SIGTERM, when the kernel answers
// ENOENT for a child of a folder that exists, as /proc and /sys do (`--out /proc/x`, issue 22 item
// 7). So such a path is refused before anything is created, and folders are made one level at a
// time, where every refusal is an error naming the folder.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode } from '../errors.js';
import { outputError } from './output-errors.js';

/** statfs f_type of the kernel's own filesystems (linux/magic.h): they hold no user files. */
const KERNEL_FS: Readonly<Record<number, string>> = {
  0x9fa0: 'proc',
  0x62656572: 'sysfs',
  0x1cd1: 'devpts',
  0x27e0eb: 'cgroup',
  0x63677270: 'cgroup2',
  0x64626720: 'debugfs',
  0x74726163: 'tracefs',
  0x73636673: 'securityfs',
  0xcafe4a11: 'bpf',
  0x6165676c: 'pstore',
  0xde5e81e4: 'efivarfs',
  0x62656570: 'configfs',
  0x42494e4d: 'binfmt_misc',
  0x65735543: 'fusectl',
  0x19800202: 'mqueue',
};

/** The nearest folder of `abs` that exists (itself when it does), or the path that is in the way. */
function nearestExisting(abs: string): { at: string; isDir: boolean } {
  for (let p = abs; ; p = path.dirname(p)) {
    try {
      return { at: p, isDir: fs.statSync(p).isDirectory() };
    } catch {
      if (p === path.dirname(p)) return { at: p, isDir: false };
    }
  }
}

/** Why `dir` cannot hold output, without creating anything; null when it may. */
export function outputPathProblem(dir: string): string | null {
  const abs = path.resolve(dir);
  const near = nearestExisting(abs);
  if (!near.isDir) return `${near.at} is a file, not a folder`;
  let type: number;
  try {
    type = fs.statfsSync(near.at).type;
  } catch {
    return null; // no statfs here: mkdir will say what is wrong
  }
  const kernel = KERNEL_FS[type];
  return kernel ? `${near.at} is on ${kernel}, a kernel filesystem that holds no files` : null;
}

/** Refuses, creating nothing, a folder that cannot hold output (exit 3). */
export function assertOutputPath(dir: string): void {
  const abs = path.resolve(dir);
  const problem = outputPathProblem(abs);
  if (problem) {
    throw new BenchError('output-not-writable', `cannot write the output folder ${abs}: ${problem}`, {
      hint: 'choose a folder on a disk with --out, e.g. --out reports/my-run',
      exitCode: ExitCode.environment,
    });
  }
}

/** Creates `dir` and its missing parents, one level at a time, once assertOutputPath() has passed. */
export function makeOutputDir(dir: string): void {
  const abs = path.resolve(dir);
  assertOutputPath(abs);
  const missing: string[] = [];
  for (let p = abs; !fs.existsSync(p); p = path.dirname(p)) missing.unshift(p);
  for (const p of missing) {
    try {
      fs.mkdirSync(p);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && fs.statSync(p).isDirectory()) continue;
      throw outputError(p, e);
    }
  }
}
