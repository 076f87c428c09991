// What the server's own log said while a cell failed requests (issue 23: an ASGI deployment ran
// PostgreSQL out of connections and answered 45% 500s; the figures said how many, and only the
// log said why, or nothing when the app's logging hid it). The lines written during the cell are
// read for exception and fatal lines, grouped (digits aside, so pids and ports do not split a
// group), and said in a warning next to the error rate.
import type { CellResult, ValidityIssue } from '../types.js';

export interface LogError {
  /** The first line of this kind, as the log wrote it (trimmed to 300 characters). */
  message: string;
  count: number;
}

// A Python exception's last traceback line (module.Class: … or a builtin …Error: …), a JavaScript
// error, a FATAL/CRITICAL/PANIC line (PostgreSQL), or a gunicorn-style "[…] [ERROR] …" line.
const ERROR_LINE = [/^(?:[a-z_]\w*\.)+[A-Z]\w*: \S/, /^[A-Z]\w*(?:Error|Exception): \S/, /\b(?:FATAL|CRITICAL|PANIC):\s+\S/, /^(?:\[[^\]]*\]\s*)+\[ERROR\]\s/];

/** Error lines of a log excerpt, grouped, most frequent first. */
export function logErrors(lines: string[]): LogError[] {
  const groups = new Map<string, LogError>();
  for (const raw of lines) {
    const line = raw.trim();
    if (!ERROR_LINE.some((re) => re.test(line))) continue;
    const key = line.replace(/\d+/g, 'N');
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { message: line.slice(0, 300), count: 1 });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

const failedOf = (c: CellResult) => c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed;

/** The cell with what its server log said about its failed requests: cell.serverLogErrors and a warning. */
export function withServerLogErrors(cell: CellResult, lines: string[] | null): CellResult {
  const failed = failedOf(cell);
  if (cell.status !== 'completed' || failed === 0 || lines === null) return cell;
  const errors = logErrors(lines);
  const shown = errors.slice(0, 3).map((e) => `${e.message} (×${e.count})`);
  const issue: ValidityIssue = errors.length
    ? {
        code: 'server-log-errors',
        severity: 'warning',
        message: `${failed} request${failed > 1 ? 's' : ''} failed; the server log shows, during the cell: ${shown.join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more kinds` : ''}`,
      }
    : {
        code: 'server-log-errors',
        severity: 'warning',
        message:
          `${failed} request${failed > 1 ? 's' : ''} failed (non-2xx ${cell.requests.non2xx}), but the server log shows no error during the cell: the app's logging may hide them ` +
          `(Django with DEBUG = False sends a 500 to mail_admins only, unless LOGGING routes django.request to a console handler)`,
      };
  return { ...cell, serverLogErrors: errors.slice(0, 10), validity: [...cell.validity, issue] };
}
