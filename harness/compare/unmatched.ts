// Cells found in only one of the two runs, counted per target × scenario: comparing the default
// suite with a --quick run leaves dozens, and one line per cell hides the one line that matters.
export interface UnmatchedGroup {
  target: string;
  scenario: string;
  cells: number;
  /** The worker counts and connection counts (or rates) of those cells, as in their keys. */
  points: string[];
}

/** Keys are `target scenario w=W c=C` (or `r=R/s`): cell-key.ts's cellLabel. */
function splitKey(key: string): { target: string; scenario: string; point: string } {
  const t = key.split(' ');
  if (t.length < 4) return { target: key, scenario: '?', point: '' };
  return { target: t.slice(0, t.length - 3).join(' '), scenario: t[t.length - 3] as string, point: t.slice(-2).join(' ') };
}

export function summariseUnmatched(keys: string[]): UnmatchedGroup[] {
  const groups = new Map<string, UnmatchedGroup>();
  for (const k of keys) {
    const { target, scenario, point } = splitKey(k);
    const id = `${target}\u0000${scenario}`;
    const g = groups.get(id) ?? { target, scenario, cells: 0, points: [] };
    g.cells++;
    if (point) g.points.push(point);
    groups.set(id, g);
  }
  return [...groups.values()].sort((a, b) => a.target.localeCompare(b.target) || a.scenario.localeCompare(b.scenario));
}

/** One line per target × scenario, e.g. `node-async × sleep: 6 cells (w=1 c=10, …)`. Pure. */
export function renderUnmatched(label: string, keys: string[]): string[] {
  if (keys.length === 0) return [];
  const groups = summariseUnmatched(keys);
  const lines = [`${label}: ${keys.length} cell${keys.length > 1 ? 's' : ''} in ${groups.length} target × scenario group${groups.length > 1 ? 's' : ''}`];
  for (const g of groups) {
    const shown = g.points.slice(0, 4).join(', ');
    lines.push(`  ${g.target} × ${g.scenario}: ${g.cells} cell${g.cells > 1 ? 's' : ''}${shown ? ` (${shown}${g.points.length > 4 ? ', …' : ''})` : ''}`);
  }
  return lines;
}
