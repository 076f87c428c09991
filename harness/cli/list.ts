// `--list`: what a user can name in --targets and --scenarios, and how each target scales.
import type { Catalog, TargetDef } from '../types.js';
import { DEFAULT_TARGETS } from '../config/resolve.js';

/** `--list`: every target and scenario with a one-line description. Pure. */
export function renderList(catalog: Catalog): string {
  const lines = ['Targets (* = in the default suite):'];
  const w = Math.max(...catalog.targets.map((t) => t.name.length), 8);
  for (const t of catalog.targets) {
    const mark = DEFAULT_TARGETS.includes(t.name) ? '*' : ' ';
    const model = t.model ? ` [${t.model}${t.model === 'sync-threads' ? `, ${t.threads ?? 4} threads` : ''}]` : '';
    lines.push(`  ${mark} ${t.name.padEnd(w)}  ${t.description}${model}`);
    const scales = scalesBy(t);
    if (scales) lines.push(`  ${' '.repeat(w + 3)}scales: ${scales}`);
  }
  lines.push('', 'Scenarios (* = in the default suite):');
  const sw = Math.max(...catalog.scenarios.map((s) => s.id.length), 8);
  for (const s of catalog.scenarios) {
    const params = Object.entries(s.params)
      .map(([k, p]) => `${k}=${p.default}${p.unit && p.unit !== 'rows' ? p.unit : ''}`)
      .join(' ');
    lines.push(
      `  ${s.defaultSuite === false ? ' ' : '*'} ${s.id.padEnd(sw)}  ${s.title}${params ? ` (${params})` : ''}${s.families ? ` [${s.families.join(', ')} targets only]` : ''}`,
    );
  }
  return lines.join('\n');
}

/** How a target's requests at once grow, from its model and declared limits (the ceiling's S). */
export function scalesBy(t: TargetDef): string | null {
  const limits = t.kind === 'launch' ? Object.entries(t.perWorkerLimit ?? {}).map(([s, n]) => `; ${s}: at most ${n} per worker`) : [];
  const tail = limits.join('');
  if (t.model === 'sync-process') return `with worker processes: W requests at once (one per process, each held for the whole request)${tail}`;
  if (t.model === 'sync-threads') return `with workers × threads: W × T requests at once (--threads, default ${t.threads ?? 4})${tail}`;
  if (t.model === 'async') return `with connections: every request waits on the event loop, W loops share the CPU${tail}`;
  return null;
}
