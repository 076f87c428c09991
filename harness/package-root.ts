// Where asyncbench's files are, whether this code runs from its sources (tsx: tests, a checkout)
// or compiled (node dist/…: `npm run` scripts, the `asyncbench` bin of an installed package).
// The package root holds package.json, servers/, reports/; the code root is the root or dist/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** The root of the tree this module runs from: the package root under tsx, <package>/dist compiled. */
export const CODE_ROOT = path.resolve(path.dirname(here), '..');
/** True when running the compiled JS in dist/. */
export const COMPILED = here.endsWith('.js') && path.basename(CODE_ROOT) === 'dist';
export const PACKAGE_ROOT = COMPILED ? path.dirname(CODE_ROOT) : CODE_ROOT;
/** The extension of this tree's modules, for entries that are spawned or imported by path. */
export const CODE_EXT = COMPILED ? '.js' : '.ts';
/** Installed as a dependency (under node_modules/), not run from a checkout: runs then belong to the user's folder. */
export const INSTALLED = PACKAGE_ROOT.split(path.sep).includes('node_modules');

export type UserSubcommand = 'bench' | 'report' | 'compare' | 'soak' | 'micro' | 'setup';
// The checkout's npm scripts for each subcommand (package.json "scripts").
const NPM_SCRIPT: Record<UserSubcommand, string> = {
  bench: 'bench',
  report: 'report',
  compare: 'compare',
  soak: 'soak',
  micro: 'bench:micro',
  setup: 'setup',
};

/**
 * The command a hint tells the user to type: installed, the package's bin through npx (the user's
 * project has no asyncbench npm scripts); in a checkout, its npm script. Pure given `installed`.
 */
export function userCommand(sub: UserSubcommand, args = '', installed = INSTALLED): string {
  if (installed) return ['npx asyncbench', sub === 'bench' ? '' : sub, args].filter(Boolean).join(' ');
  return `npm run ${NPM_SCRIPT[sub]}${args ? ` -- ${args}` : ''}`;
}
