// Before a cell's load, one request per endpoint must pass the scenario's check: a server that
// answers wrongly is an errored cell with its body and the fix, not a minute of failed requests.
import { BenchError, ExitCode } from '../errors.js';
import { httpRequest } from '../launcher/http-get.js';
import type { Params, ScenarioDef } from '../types.js';

/**
 * Sends a few requests of the scenario, one after another, and checks each body before any load
 * starts: a server that answers wrongly would otherwise produce fast, meaningless figures.
 */
export async function verifyScenario(
  baseUrl: string,
  target: string,
  scenario: ScenarioDef,
  params: Params,
  opts: { requests?: number; timeoutMs: number },
): Promise<void> {
  const state: Record<string, unknown> = {};
  const n = opts.requests ?? 2;
  for (let i = 0; i < n; i++) {
    const req = scenario.request(params, state);
    let res;
    try {
      res = await httpRequest(baseUrl + req.path, { method: req.method, headers: req.headers, body: req.body, timeoutMs: opts.timeoutMs });
    } catch (e) {
      throw new BenchError('verify-failed', `${target} did not answer ${req.method} ${req.path}: ${(e as Error).message}`, {
        hint: 'the server is up (it answered /health) but not this endpoint; check its log in the run directory',
        exitCode: ExitCode.cellsErrored,
      });
    }
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
    const check = scenario.check(res.status, res.body, params, state, undefined, headers);
    if (!check.ok) {
      throw new BenchError('verify-failed', `${target} answered ${req.method} ${req.path} wrongly: ${check.reason}`, {
        // A fix the server names (its 500 for a known exception) comes first: the cell's error shows it.
        problems: [
          ...(fixOf(res.body) ? [fixOf(res.body) as string] : []),
          `expected: a ${scenario.id} response that passes the check (${check.reason})`,
          `actual: status ${res.status}, body ${truncate(res.body, 400)}`,
        ],
        hint: `the load was not started: ${fixOf(res.body) ?? 'fix the endpoint (see servers/CONTRACT.md for the reference bodies)'}`,
        exitCode: ExitCode.cellsErrored,
      });
    }
  }
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}… (${s.length} bytes)` : s;
}

/** A reference server's 500 names the fix for exceptions it knows ({"fix": ...}, e.g. SynchronousOnlyOperation). */
function fixOf(body: string): string | null {
  try {
    const j = JSON.parse(body) as { fix?: unknown };
    return typeof j.fix === 'string' ? `fix: ${j.fix}` : null;
  } catch {
    return null;
  }
}
