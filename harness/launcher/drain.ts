// Before a reused sync server serves the next cell, what the last cell left in its queue must be
// served: a cell measured behind another's backlog would show that backlog as its own latency.
import { httpRequest } from './http-get.js';
import { readinessAccepts } from './readiness.js';
import type { TargetReadiness } from '../types.js';

/**
 * Waits until a server has served what earlier load left queued: a sync worker keeps serving
 * requests already queued after the load generator closes its connections, and a cell run behind
 * that backlog would measure it. One /health request per worker, each on its own connection,
 * queues behind the backlog and answers once it has drained. False when it did not drain in time.
 */
export async function drainBacklog(baseUrl: string, readiness: TargetReadiness, workers: number, timeoutMs: number): Promise<boolean> {
  const probes = Array.from({ length: Math.max(1, workers) }, () =>
    httpRequest(baseUrl + readiness.path, { timeoutMs }).then(
      (r) => readinessAccepts(readiness, r.status),
      () => false,
    ),
  );
  return (await Promise.all(probes)).every(Boolean);
}
