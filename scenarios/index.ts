// The built-in scenarios, in the order reports show them, each knowing how a generator in another
// process rebuilds it.
import type { ScenarioDef } from '../harness/types.js';
import db from './db.js';
import longpoll from './longpoll.js';
import sleep from './sleep.js';
import stream from './stream.js';
import syncToAsync from './sync-to-async.js';
import upstream from './upstream.js';

/**
 * The built-in scenarios, in the order reports show them. stream, upstream and sync-to-async are
 * left out of the default suite (defaultSuite: false): each adds 24 cells (about 2.5 minutes) to a
 * suite that already takes about 8; run them with --scenarios.
 */
export const builtinScenarios: ScenarioDef[] = [sleep, db, longpoll, stream, upstream, syncToAsync].map((s) => ({
  ...s,
  source: 'built-in',
  origin: { kind: 'builtin', id: s.id },
}));

export { defineScenario, resolveParams } from './define.js';
