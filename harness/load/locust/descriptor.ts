// The Locust engine as the option layer sees it: its own options (remote workers, where the master
// listens, how long to wait for workers) with their defaults, its rules, and what it cannot do
// (arrival rates; checks without a Python port), all known before any process starts.
import type { EngineDescriptor } from '../engine.js';
import { locustSupport } from './locustfile.js';
import { checkLocustOptions, LOCUST_OPTIONS } from './options.js';
import { venvPackageVersions } from '../../host/python-venv.js';

export const locustDescriptor = {
  id: 'locust',
  summary: 'Locust: a master plus workers, here or on other hosts (closed model)',
  options: LOCUST_OPTIONS,
  supports: { openModel: false, bodyTiming: false },
  check: checkLocustOptions,
  scenarioSupport: locustSupport,
  versions: () => venvPackageVersions(['locust', 'hdrhistogram']),
  load: async () => (await import('./engine.js')).locustEngine,
} satisfies EngineDescriptor;
