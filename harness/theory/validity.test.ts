import { describe, expect, it } from 'vitest';
import { checkValidity, RULES, type ValidityInput } from './validity.js';

// Figures of a real, clean cell: node-async, sleep 100 ms, 50 connections, 2 workers.
const clean: ValidityInput = {
  rps: 480.4, ceilingRps: 500, p50Ms: 102, meanMs: 103.1, floorMs: 100, connections: 50,
  counts: { ok: 2402, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 0 }, loadGenCpuPct: 31.5, connectionsOpened: 50, pidsChanged: false,
};
const codes = (i: Partial<ValidityInput>) => checkValidity({ ...clean, ...i }).map((v) => v.code);

describe('validity rules', () => {
  it('a clean real cell trips nothing', () => {
    expect(checkValidity(clean)).toEqual([]);
    // A saturated sync cell at steady state is clean too: 50 connections, 20 req/s, 2.5 s each.
    expect(checkValidity({ ...clean, rps: 19.6, ceilingRps: 20, p50Ms: 2500, meanMs: 2530 })).toEqual([]);
  });

  it('every rule has a case that trips it, with its figures in the message', () => {
    const cases: Record<string, [Partial<ValidityInput>, RegExp]> = {
      'latency-below-delay': [{ p50Ms: 41.2 }, /p50 41\.2 ms is below the injected delay of 100\.0 ms/],
      'throughput-above-ceiling': [{ rps: 530, meanMs: 94 }, /530\.0 req\/s is above the Little's-law ceiling of 500\.0/],
      'littles-law-residual': [{ meanMs: 50 }, /Little's law is off by 52\.0%: 50 connections vs 480\.4 req\/s × 50\.0 ms/],
      'error-rate': [{ counts: { ok: 900, non2xx: 50, timeouts: 30, connErrors: 20, verifyFailed: 0 } }, /error rate 10\.0% is above 1% \(non-2xx 50, timeouts 30, connection errors 20/],
      'verify-failed': [{ counts: { ok: 2402, non2xx: 0, timeouts: 0, connErrors: 0, verifyFailed: 3 } }, /3 responses failed the body check/],
      'loadgen-limited': [{ loadGenCpuPct: 97.3 }, /load generator used 97\.3% of a core/],
      'connections-short': [{ connectionsOpened: 37 }, /only 37 of 50 connections were open/],
      'worker-restarted': [{ pidsChanged: true }, /restarted a worker/],
    };
    expect(Object.keys(cases).sort()).toEqual(Object.keys(RULES).sort());
    for (const [code, [figures, message]] of Object.entries(cases)) {
      const issues = checkValidity({ ...clean, ...figures });
      const issue = issues.find((v) => v.code === code);
      expect(issue, code).toBeDefined();
      expect(issue?.message).toMatch(message);
    }
  });

  it('lets errors explain a Little-law residual instead of reporting both', () => {
    expect(codes({ meanMs: 50, counts: { ok: 100, non2xx: 0, timeouts: 50, connErrors: 0, verifyFailed: 0 } })).toEqual(['error-rate']);
  });

  it('makes the residual a warning that names a capped warm-up, and everything else an error', () => {
    const [r] = checkValidity({ ...clean, meanMs: 50, warmupCapped: true });
    expect(r?.severity).toBe('warning');
    expect(r?.message).toContain('warm-up hit its cap');
    expect(checkValidity({ ...clean, p50Ms: 10, loadGenCpuPct: 99 }).every((v) => v.severity === 'error')).toBe(true);
  });

  it('has no latency floor where the scenario declares none, and no ceiling check without a ceiling', () => {
    expect(codes({ floorMs: null, p50Ms: 1 })).not.toContain('latency-below-delay');
    expect(codes({ ceilingRps: null, rps: 1e6, meanMs: 0.05 })).toEqual([]);
  });
});
