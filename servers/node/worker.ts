// One cluster worker: the app with the handlers of its model, listening on the shared port.
import type { ServerFlags } from './flags.js';
import { createApp } from './app.js';
import { makeHandlers } from './handlers.js';
import type { WorkerReport } from './primary.js';
import { serveHandedConnections } from './accept-queue.js';

const report = (msg: WorkerReport) => process.send?.(msg);

function die(e: Error): never {
  console.error(`worker ${process.pid}: ${e.stack ?? e.message}`);
  report({ fatal: e.message });
  process.exit(1);
}

export async function runWorker(flags: ServerFlags): Promise<void> {
  // No orphans: when the primary goes (even by SIGKILL) the IPC channel closes. A sync worker that
  // is blocked notices when its current request ends.
  process.on('disconnect', () => process.exit(0));
  // No SIGTERM/SIGINT handler on purpose: a JS handler could not run while a sync worker blocks,
  // while the default action ends the process at once.
  const handlers = makeHandlers({ model: flags.model, dbFile: flags.db, dbPool: flags.dbPool });
  // Listen only once the DB path works, so /health answering means every endpoint can serve.
  await handlers.ready.catch(die);
  const server = createApp(flags.model, handlers);
  server.on('error', die);
  if (flags.model === 'sync') {
    // The primary owns the socket and hands this worker one connection at a time (accept-queue.ts).
    serveHandedConnections(server, report);
    report({ ready: true });
    return;
  }
  server.listen(flags.port, flags.host, () => {
    const addr = server.address();
    report({ listening: typeof addr === 'object' && addr ? addr.port : flags.port });
  });
}
