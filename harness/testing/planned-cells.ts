// The built-in catalog and a planned cell to bend with overrides (node-sync, sleep 100 ms, 1
// worker, 100 connections): what the warm-up and estimate tests reason about.
import { builtinCatalog } from '../catalog/catalog.js';
import type { PlannedCell } from '../plan/plan.js';

export const catalog = await builtinCatalog();
export const target = (n: string) => catalog.targets.find((t) => t.name === n)!;
export const scenario = (id: string) => catalog.scenarios.find((s) => s.id === id)!;
export const plannedCell = (o: Partial<PlannedCell>): PlannedCell => ({
  target: 'node-sync',
  scenario: 'sleep',
  workers: 1,
  connections: 100,
  repeat: 1,
  threads: null,
  params: { ms: 100 },
  ...o,
});
