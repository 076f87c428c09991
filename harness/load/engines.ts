// The engine registry: every engine registers under its id, and the run asks for one by name, so
// adding an engine touches this table and its own folder only.
import type { Engine } from './engine.js';

export const ENGINE_IDS: readonly string[] = ['undici', 'locust'];

/** Loads an engine on demand, so a run with one engine never imports another's dependencies. */
export async function loadEngine(id: string): Promise<Engine> {
  switch (id) {
    case 'undici':
      return (await import('./undici/engine.js')).undiciEngine;
    case 'locust':
      return (await import('./locust/engine.js')).locustEngine;
    default:
      throw new Error(`unknown load engine "${id}" (known: ${ENGINE_IDS.join(', ')})`);
  }
}
