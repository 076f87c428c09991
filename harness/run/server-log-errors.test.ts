// What the server log said while a cell failed requests (issue 23): named in a warning, or said to
// be silent, so that 500s an app's logging hides are not left unexplained.
import { describe, expect, it } from 'vitest';
import { faultyTarget, runWith } from '../testing/fixtures.js';
import type { CellResult } from '../types.js';
import { logErrors } from './server-log-errors.js';

describe('server log errors', () => {
  it('groups exception and fatal lines, digits aside, most frequent first', () => {
    const lines = [
      'Internal Server Error: /db',
      'Traceback (most recent call last):',
      '  File "/app/views.py", line 12, in db',
      'psycopg.OperationalError: connection failed: FATAL:  sorry, too many clients already (pid 101)',
      'psycopg.OperationalError: connection failed: FATAL:  sorry, too many clients already (pid 202)',
      '[2026-12-04 10:00:00 +0000] [77] [ERROR] Worker (pid:78) was sent SIGKILL!',
      'django.core.exceptions.SynchronousOnlyOperation: You cannot call this from an async context',
      'INFO: all good',
    ];
    expect(logErrors(lines)).toEqual([
      { message: 'psycopg.OperationalError: connection failed: FATAL:  sorry, too many clients already (pid 101)', count: 2 },
      { message: '[2026-12-04 10:00:00 +0000] [77] [ERROR] Worker (pid:78) was sent SIGKILL!', count: 1 },
      { message: 'django.core.exceptions.SynchronousOnlyOperation: You cannot call this from an async context', count: 1 },
    ]);
  });

  it('names what the log showed during a cell that answered 500s, or says the log was silent', async () => {
    const loud = faultyTarget('loud', 'fail-loud');
    const quiet = faultyTarget('quiet', 'fail-quiet');
    const { store } = await runWith([loud, quiet], { workers: [1], connections: [4] });
    const [l, q] = store.results.cells as [CellResult, CellResult];
    for (const c of [l, q]) {
      expect(c.status, c.error?.message).toBe('completed');
      expect(c.requests.non2xx).toBeGreaterThan(5);
      expect(c.validity.map((v) => v.code)).toEqual(expect.arrayContaining(['error-rate', 'server-log-errors']));
    }
    const said = (c: CellResult) => c.validity.find((v) => v.code === 'server-log-errors')!.message;
    expect(said(l)).toMatch(
      /^\d+ requests failed; the server log shows, during the cell: psycopg\.OperationalError: connection failed: FATAL: {2}sorry, too many clients already \(pid \d+\) \(×\d+\)$/,
    );
    expect(l.serverLogErrors?.[0]?.count).toBeGreaterThan(5);
    expect(said(q)).toMatch(/^\d+ requests failed \(non-2xx \d+\), but the server log shows no error during the cell: the app's logging may hide them/);
    expect(q.serverLogErrors).toEqual([]);
  }, 60_000);
});
