// The skeleton of results.json written when a run starts: run info, provenance, targets, scenarios.
import type { Catalog } from '../types.js';
import { redact } from '../launcher/log-tail.js';
import type { ResolvedOptions, Results, TargetSummary } from '../types.js';
import { collectProvenance } from '../results/provenance.js';
import { engineById } from '../load/engines.js';
import { SCHEMA_VERSION } from '../results/upgrade.js';

export function summarizeTargets(catalog: Catalog, opts: ResolvedOptions): TargetSummary[] {
  return catalog.targets
    .filter((t) => opts.targets.includes(t.name))
    .map((t) => ({
      name: t.name,
      description: t.description,
      kind: t.kind,
      model: t.model ?? null,
      threads: t.model === 'sync-threads' ? (t.kind === 'launch' ? opts.threads : (t.threads ?? null)) : null,
      family: t.family ?? null,
      views: t.views ?? null,
      command: t.kind === 'launch' ? t.command.map(redact) : null,
      perWorkerLimit: t.kind === 'launch' ? (t.perWorkerLimit ?? {}) : {},
      limitNotes: t.kind === 'launch' ? (t.limitNotes ?? {}) : {},
      ...(t.kind === 'launch' && t.notes?.length ? { notes: t.notes } : {}),
      readiness: t.readiness,
    }));
}

/** `targets`: the targets that will run (the database choice may leave some out); default all asked. */
export function initialResults(
  opts: ResolvedOptions,
  deps: { catalog: Catalog; runId: string; commandLine: string[]; projectRoot: string },
  targets: string[] = opts.targets,
): Results {
  const scenarios = deps.catalog.scenarios.filter((s) => opts.scenarios.includes(s.id));
  return {
    schemaVersion: SCHEMA_VERSION,
    run: {
      id: deps.runId,
      startedAt: new Date().toISOString(),
      endedAt: null,
      status: 'running',
      commandLine: deps.commandLine.map(redact),
      options: opts,
      provenance: collectProvenance(deps.projectRoot, opts, { engineVersions: engineById(opts.engine)?.versions?.() ?? {} }),
    },
    targets: summarizeTargets(deps.catalog, { ...opts, targets }),
    scenarios: scenarios.map((s) => ({
      id: s.id,
      title: s.title,
      explanation: s.explanation,
      params: Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, opts.params[s.id]?.[k] ?? v.default])),
      // The report titles and units each cell's figures from these, with no scenario id check.
      ...(s.figures ? { figures: s.figures } : {}),
    })),
    cells: [],
  };
}
