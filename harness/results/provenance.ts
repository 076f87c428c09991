// Everything needed to judge and reproduce a run's figures: the machine, its cores and who shared
// them, every component's version, the load model, the git commit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Provenance, ResolvedOptions, TargetFamily } from '../types.js';
import { targetFamilies } from '../../servers/targets/families.js';
import { formatCpuList } from '../host/cpus.js';

function tryRun(cmd: string, args: string[], cwd?: string): string | null {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

/** Where the generator and the servers ran, in one sentence for the report's "one machine" note. */
export function coresSentence(
  cores: number,
  opts?: Pick<ResolvedOptions, 'loadgenCpus' | 'serverCpus' | 'loadgenWorkers'> & Partial<Pick<ResolvedOptions, 'allowRemote'>>,
): string {
  // --allow-remote: a target may be on another host, whose cores the generator does not share.
  if (opts?.allowRemote && !opts.loadgenCpus && !opts.serverCpus)
    return `the load generator ran on this machine's ${cores} cores; a target not on loopback ran on its own host, and only targets on this machine shared these cores`;
  const gen = opts?.loadgenCpus
    ? `the load generator (${opts.loadgenWorkers} worker${opts.loadgenWorkers > 1 ? 's' : ''}) was pinned to CPU ${formatCpuList(opts.loadgenCpus)}`
    : null;
  const srv = opts?.serverCpus ? `the servers to CPU ${formatCpuList(opts.serverCpus)}` : null;
  if (gen && srv) return `${gen} and ${srv} of this machine's ${cores} cores`;
  if (gen) return `${gen}; the servers could use all of this machine's ${cores} cores`;
  if (srv) return `the servers were pinned to CPU ${formatCpuList(opts!.serverCpus!)}; the load generator could use all of this machine's ${cores} cores`;
  return `the load generator and the servers share this machine's ${cores} cores`;
}

/**
 * The run's provenance. Versions come from whoever runs something: Node and undici here, each target
 * family's stack (TargetFamily.versions) and the engine's (EngineDescriptor.versions, passed in by
 * the run so that results/ does not reach up to the engines).
 */
export function collectProvenance(
  projectRoot: string,
  opts?: ResolvedOptions,
  deps: { families?: Readonly<Record<string, TargetFamily>>; engineVersions?: Record<string, string | null> } = {},
): Provenance {
  const require = createRequire(import.meta.url);
  const undiciPkg = require('undici/package.json') as { version: string };
  const cpus = os.cpus();
  const cores = os.availableParallelism?.() ?? cpus.length;
  const stacks = Object.values(deps.families ?? targetFamilies).map((f) => f.versions?.() ?? {});
  return {
    node: process.version,
    versions: Object.assign({ node: process.version, undici: undiciPkg.version }, ...stacks, deps.engineVersions ?? {}) as Record<string, string | null>,
    engine: opts?.engine ?? 'undici',
    loadgenWorkers: opts?.loadgenWorkers ?? 1,
    loadgenCpus: opts?.loadgenCpus ?? null,
    serverCpus: opts?.serverCpus ?? null,
    serverNice: opts?.serverNice ?? 0,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    gitCommit: tryRun('git', ['rev-parse', '--short', 'HEAD'], projectRoot),
    sharedCores: coresSentence(cores, opts),
    loadModel:
      'closed: each connection sends its next request when the previous answer arrives (undici, pipelining 1); open (--rate): arrivals on a fixed schedule, latency from the intended send time',
    keepAlive: 'HTTP/1.1 keep-alive requested; each cell records whether the server kept connections open',
  };
}
