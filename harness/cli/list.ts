import type { Catalog } from '../types.js';
import { DEFAULT_TARGETS } from '../config/resolve.js';

/** `--list`: every target and scenario with a one-line description. Pure. */
export function renderList(catalog: Catalog): string {
  const lines = ['Targets (* = in the default suite):'];
  const w = Math.max(...catalog.targets.map((t) => t.name.length), 8);
  for (const t of catalog.targets) {
    const mark = DEFAULT_TARGETS.includes(t.name) ? '*' : ' ';
    const model = t.model ? ` [${t.model}${t.model === 'sync-threads' ? `, ${t.threads ?? 4} threads` : ''}]` : '';
    lines.push(`  ${mark} ${t.name.padEnd(w)}  ${t.description}${model}`);
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
