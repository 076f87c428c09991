// The two ways asyncbench writes a file the user keeps: whole-file replacement (results.json, the
// report) and a durable append (cells.jsonl). Each writes everything or fails leaving the old
// content: a full disk makes write(2) return fewer bytes before it fails, and a caller that ignored
// that once replaced results.json by 16,384 bytes that did not parse (issue 22 item 5).
import fs from 'node:fs';
import path from 'node:path';
import { outputError } from './output-errors.js';

/** Writes all of `buf`, looping over short writes; a write that makes no progress is a full disk. */
function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    const n = fs.writeSync(fd, buf, off, buf.length - off);
    if (n <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    off += n;
  }
}

/**
 * Temp file, every byte written, fsync, rename: a reader sees the old file or the new one, never
 * half of one. On failure the temp file is removed, the old file is untouched, and the error names
 * the file ("disk full: could not write …", exit 3).
 */
export function writeFileAtomic(file: string, data: string | Buffer): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      writeAll(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // a read-only folder keeps the temp file too; the old file is what matters
    }
    throw outputError(file, e);
  }
}

/**
 * Appends one line and fsyncs it, so a finished cell survives a crash or SIGKILL right after. A
 * line that cannot be written whole is cut off again, so the file never ends in half a line that
 * the next append would glue onto.
 */
export function appendLineDurable(file: string, line: string): void {
  let fd: number | null = null;
  let size = 0;
  try {
    fd = fs.openSync(file, 'a');
    size = fs.fstatSync(fd).size;
    writeAll(fd, Buffer.from(line.endsWith('\n') ? line : `${line}\n`));
    fs.fsyncSync(fd);
  } catch (e) {
    if (fd !== null) {
      try {
        fs.ftruncateSync(fd, size);
      } catch {
        // read-only: nothing was appended either
      }
    }
    throw outputError(file, e);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
