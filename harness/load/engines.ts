// The engine registry: every engine registers its descriptor here, and everything else (the flag
// table, option resolution, the run) asks the registry by id, so adding an engine touches this
// table and its own folder only.
import type { Engine, EngineDescriptor } from './engine.js';
import { locustDescriptor } from './locust/descriptor.js';
import { undiciDescriptor } from './undici/descriptor.js';

// A tuple `as const`, so each engine's options keep their literal types for UserConfig (config/user-config.ts).
export const ENGINES = [undiciDescriptor, locustDescriptor] as const satisfies readonly EngineDescriptor[];

export const ENGINE_IDS: readonly string[] = ENGINES.map((e) => e.id);

export function engineById(id: string): EngineDescriptor | undefined {
  return (ENGINES as readonly EngineDescriptor[]).find((e) => e.id === id);
}

/** Loads an engine on demand, so a run with one engine never imports another's dependencies. */
export async function loadEngine(id: string): Promise<Engine> {
  const d = engineById(id);
  if (!d) throw new Error(`unknown load engine "${id}" (known: ${ENGINE_IDS.join(', ')})`);
  return d.load();
}
