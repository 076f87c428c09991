// The embedded engine as the option layer sees it: no options of its own, every load model and
// scenario; the engine itself (undici connection loops) loads only when a cell runs on it.
import type { EngineDescriptor } from '../engine.js';

export const undiciDescriptor = {
  id: 'undici',
  summary: 'embedded: undici connection loops in 1 or more generator processes on this machine',
  options: [] as const,
  supports: { openModel: true, bodyTiming: true },
  check: () => [],
  load: async () => (await import('./engine.js')).undiciEngine,
} satisfies EngineDescriptor;
