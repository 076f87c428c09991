// An already-running server (a config `url` target): nothing is launched, so readiness is the only
// thing the harness checks before it sends load there.
import { BenchError, ExitCode } from '../errors.js';
import type { RunningTargetDef } from '../types.js';
import { httpRequest } from './http-get.js';
import { readinessAccepts, readinessWants } from './readiness.js';

/** An already-running server must answer its readiness path (200, or below 500 for a chosen path) before any load is sent. */
export async function checkRunningTarget(t: RunningTargetDef): Promise<void> {
  const url = t.url + t.readiness.path;
  const deadline = Date.now() + t.readiness.timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await httpRequest(url, { timeoutMs: 2000 });
      if (readinessAccepts(t.readiness, res.status)) return;
      last = `answered ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new BenchError('target-not-ready', `target ${t.name} at ${url} is not answering ${readinessWants(t.readiness)} (${last})`, {
    hint: `start the server first, or set "readiness": {"path": ...} to a path that answers 200`,
    exitCode: ExitCode.cellsErrored,
  });
}
