// What counts as a ready server: the reference servers' /health answers 200; a config target whose
// readiness the run chose (its first scenario's path, issue 23) is ready on any status below 500.
// One rule for the launcher, a running URL target and the backlog drain.
import type { TargetReadiness } from '../types.js';

/** A config target's readiness path when the config gave none: filled in from its scenarios (catalog/readiness-default.ts). */
export const UNSET_READINESS_PATH = '';

/** Whether a readiness probe's answer means ready. */
export function readinessAccepts(r: TargetReadiness, status: number): boolean {
  return r.accept === 'non5xx' ? status > 0 && status < 500 : status === 200;
}

/** What counts as ready, in words: "200" or "any status below 500". */
export function readinessWants(r: TargetReadiness): string {
  return r.accept === 'non5xx' ? 'any status below 500' : '200';
}
