// Every built-in target family with hooks the harness calls (database preparation, versions for
// provenance), keyed by the `family` its targets declare. A new family with such needs adds its
// hooks next to its targets and one line here; nothing in harness/ names it.
import type { TargetFamily } from '../../harness/types.js';
import { djangoFamily } from './django.js';

/** The Node family needs no hooks but its costs: a node:cluster start, and its seed (default suite, 2-core machine). */
const nodeFamily: TargetFamily = { id: 'node', costs: { launchS: 1.5, setupS: 0.3 } };

export const targetFamilies: Readonly<Record<string, TargetFamily>> = { django: djangoFamily, node: nodeFamily };
