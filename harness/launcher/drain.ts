import { httpRequest } from './http-get.js';

/**
 * Waits until a server has served what earlier load left queued: a sync worker keeps serving
 * requests already queued after the load generator closes its connections, and a cell run behind
 * that backlog would measure it. One /health request per worker, each on its own connection,
 * queues behind the backlog and answers once it has drained. False when it did not drain in time.
 */
export async function drainBacklog(baseUrl: string, healthPath: string, workers: number, timeoutMs: number): Promise<boolean> {
  const probes = Array.from({ length: Math.max(1, workers) }, () =>
    httpRequest(baseUrl + healthPath, { timeoutMs }).then(
      (r) => r.status === 200,
      () => false,
    ),
  );
  return (await Promise.all(probes)).every(Boolean);
}
