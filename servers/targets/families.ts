// Every built-in target family with hooks the harness calls (database preparation, versions for
// provenance), keyed by the `family` its targets declare. A new family with such needs adds its
// hooks next to its targets and one line here; nothing in harness/ names it.
import type { TargetFamily } from '../../harness/types.js';
import { djangoFamily } from './django.js';

export const targetFamilies: Readonly<Record<string, TargetFamily>> = { django: djangoFamily };
