// Placeholder until the Locust engine lands: refuses with a clear message rather than failing to import.
import type { Engine } from '../engine.js';

export const locustEngine: Engine = {
  id: 'locust',
  run: () => Promise.reject(new Error('the locust engine is not available in this build yet; use --engine undici')),
};
