import type { ScenarioDef } from '../harness/types.js';
import db from './db.js';
import longpoll from './longpoll.js';
import sleep from './sleep.js';

/** The built-in scenarios, in the order reports show them. */
export const builtinScenarios: ScenarioDef[] = [sleep, db, longpoll].map((s) => ({ ...s, source: 'built-in', origin: { kind: 'builtin', id: s.id } }));

export { defineScenario, resolveParams } from './define.js';
