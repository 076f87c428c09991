// Drives one cell's load through the chosen engine (harness/load/engines.ts). The run loop, the
// soak and the tests call this; none of them knows which engine ran.
import { loadEngine } from './engines.js';
import type { LoadOutcome, LoadSpec } from './engine.js';

export type { LoadOutcome, LoadSpec } from './engine.js';

export async function runLoad(spec: LoadSpec): Promise<LoadOutcome> {
  const engine = await loadEngine(spec.engine ?? 'undici');
  return engine.run(spec);
}
