// The last lines of a server's log for error messages, and passwords redacted from anything that
// reaches a report or the terminal.
import fs from 'node:fs';

/** The last `lines` lines of a log file, reading only its end (logs of long runs can be large). */
export function readLogTail(file: string, lines = 20): string[] {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return [];
  }
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    const all = buf.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    return all.slice(-lines).map(redact);
  } finally {
    fs.closeSync(fd);
  }
}

/** Passwords in URLs (DATABASE_URL and the like) never reach a report or the terminal. */
export function redact(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)([^@\s]+)@/gi, '$1***@');
}
