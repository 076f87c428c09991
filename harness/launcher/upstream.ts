// The upstream HTTP service a scenario may need (ScenarioDef.needs.upstream): the Node async
// reference server, whose /sleep?ms=M stands in for a slow API. Started once per run, before any
// target, in its own process group like every server (same launcher: readiness is /health from
// that group, stop is SIGTERM then SIGKILL); targets get its URL as ASYNCBENCH_UPSTREAM_URL.
import path from 'node:path';
import { nodeTargets } from '../../servers/targets/node.js';
import type { LaunchedTargetDef, ScenarioDef } from '../types.js';
import { launchTarget, type RunningServer } from './launcher.js';
import { freePort } from '../host/ports.js';
import { runSetupCommands } from './setup-commands.js';

export const UPSTREAM_ENV = 'ASYNCBENCH_UPSTREAM_URL';

/**
 * Workers of the upstream. One event loop holds any number of waiting calls (it only awaits
 * timers), and on a 2-core machine every extra process competes with the server under test.
 */
const UPSTREAM_WORKERS = 1;

export interface Upstream {
  url: string;
  env: Record<string, string>;
  server: RunningServer;
  stop(): Promise<void>;
}

export function upstreamNeeded(scenarios: ScenarioDef[], ids: string[]): boolean {
  return scenarios.some((s) => ids.includes(s.id) && s.needs?.upstream === true);
}

/** The node-async target, renamed so logs and the pid file say what it is. */
export function upstreamTarget(): LaunchedTargetDef {
  const def = nodeTargets.find((t) => t.name === 'node-async');
  if (!def) throw new Error('servers/targets/node.ts has no node-async target to serve as the upstream');
  return { ...def, name: 'upstream', description: `upstream for the upstream scenario: ${def.description}` };
}

export async function startUpstream(opts: { projectRoot: string; logDir: string; readinessTimeoutMs: number }): Promise<Upstream> {
  const def = upstreamTarget();
  const cwd = path.resolve(opts.projectRoot, def.cwd ?? '.');
  // Its /health needs the SQLite pool open, and that needs the seeded file (idempotent).
  if (def.setup?.length) await runSetupCommands(def.name, def.setup, { cwd, logFile: path.join(opts.logDir, 'setup-upstream.log') });
  const server = await launchTarget({
    def,
    workers: UPSTREAM_WORKERS,
    threads: 1,
    port: await freePort(),
    logFile: path.join(opts.logDir, 'upstream.log'),
    readinessTimeoutMs: Math.min(opts.readinessTimeoutMs, def.readiness.timeoutMs),
    projectRoot: opts.projectRoot,
  });
  return { url: server.url, env: { [UPSTREAM_ENV]: server.url }, server, stop: () => server.stop() };
}
