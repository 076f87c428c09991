// Absolute paths of the Node server's files, computed from this module so any cwd works. Under tsx
// this runs from servers/node/ (.ts); compiled, from dist/servers/node/ (.js), while the seeded
// database stays in the package's own servers/node/data/, so both share one file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_SERVER_DIR = path.dirname(fileURLToPath(import.meta.url));
const COMPILED = import.meta.url.endsWith('.js');
const EXT = COMPILED ? '.js' : '.ts';
export const PROJECT_ROOT = path.resolve(NODE_SERVER_DIR, COMPILED ? '../../..' : '../..');
export const DEFAULT_DB = path.join(PROJECT_ROOT, 'servers', 'node', 'data', 'books.sqlite3');
export const MAIN_SCRIPT = path.join(NODE_SERVER_DIR, `main${EXT}`);
export const SEED_SCRIPT = path.join(NODE_SERVER_DIR, `seed${EXT}`);
/** How to run MAIN_SCRIPT and SEED_SCRIPT: compiled JS needs no TypeScript loader. */
export const NODE_ARGV = COMPILED ? [process.execPath] : [process.execPath, '--import', 'tsx'];
