// The services scenarios need running beside the targets (ScenarioDef.needs.services: e.g. the slow
// API the `upstream` scenario calls). Each is a catalog target launched under the service's name,
// once per run and before any target, in its own process group like every server (same launcher:
// readiness from that group, SIGTERM then SIGKILL); targets get its URL in the variable it names.
// Nothing here knows which scenario or target: the scenario declares it.
import path from 'node:path';
import type { LaunchedTargetDef, ScenarioDef, ServiceNeed, TargetDef } from '../types.js';
import { launchTarget, type RunningServer } from './launcher.js';
import { freePort } from '../host/ports.js';
import { runSetupCommands } from './setup-commands.js';

export interface RunningService {
  need: ServiceNeed;
  url: string;
  env: Record<string, string>;
  server: RunningServer;
}

/** The services the scenarios with these ids need, each once (by name). */
export function servicesNeeded(scenarios: ScenarioDef[], ids: string[]): ServiceNeed[] {
  const out = new Map<string, ServiceNeed>();
  for (const s of scenarios.filter((x) => ids.includes(x.id))) for (const n of s.needs?.services ?? []) out.set(n.name, n);
  return [...out.values()];
}

/** The catalog target behind a service, renamed so logs and the pid file say what it is. */
export function serviceTarget(need: ServiceNeed, targets: TargetDef[]): LaunchedTargetDef {
  const def = targets.find((t) => t.name === need.target);
  if (!def || def.kind !== 'launch') throw new Error(`service ${need.name}: no launchable target ${need.target} in the catalog`);
  return { ...def, name: need.name, description: `${need.description}: ${def.description}` };
}

export async function startService(
  need: ServiceNeed,
  targets: TargetDef[],
  opts: { projectRoot: string; logDir: string; readinessTimeoutMs: number },
): Promise<RunningService> {
  const def = serviceTarget(need, targets);
  const cwd = path.resolve(opts.projectRoot, def.cwd ?? '.');
  // Its readiness may need what its setup makes (node-async: the seeded SQLite file; idempotent).
  if (def.setup?.length) await runSetupCommands(def.name, def.setup, { cwd, logFile: path.join(opts.logDir, `setup-${def.name}.log`) });
  const server = await launchTarget({
    def,
    workers: need.workers,
    threads: 1,
    port: await freePort(),
    logFile: path.join(opts.logDir, `${def.name}.log`),
    readinessTimeoutMs: Math.min(opts.readinessTimeoutMs, def.readiness.timeoutMs),
    projectRoot: opts.projectRoot,
  });
  return { need, url: server.url, env: { [need.urlEnv]: server.url }, server };
}
