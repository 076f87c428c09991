// --workers-min N (locust engine): how many workers a run may go on with once some are lost or
// did not connect in time (issue 22 item 12). Checked with the other options, in one pass.

/** The problem with --workers-min, or null: only the locust engine has workers, and N cannot exceed them. */
export function workersMinProblem(min: number | null, engine: string, remoteWorkers: number, loadgenWorkers: number): string | null {
  if (min === null) return null;
  if (engine !== 'locust') return '--workers-min: only the locust engine has a master and workers; add --engine locust';
  const workers = remoteWorkers > 0 ? remoteWorkers : loadgenWorkers;
  const flag = remoteWorkers > 0 ? '--remote-workers' : '--loadgen-workers';
  return min > workers ? `--workers-min: ${min} is more than the ${workers} worker${workers > 1 ? 's' : ''} of ${flag} ${workers}` : null;
}
