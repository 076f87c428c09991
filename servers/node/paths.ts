// Absolute paths of the Node server's files, computed from this module so any cwd works. Under tsx
// this runs from servers/node/ (.ts); compiled, from dist/servers/node/ (.js), while the seeded
// database stays in one folder for both: the checkout's servers/node/data/, or the user's cache
// when installed (servers/data-dir.ts: a run writes nothing into the package).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runtimeDataDir } from '../data-dir.js';

export const NODE_SERVER_DIR = path.dirname(fileURLToPath(import.meta.url));
const COMPILED = import.meta.url.endsWith('.js');
const EXT = COMPILED ? '.js' : '.ts';
export const PROJECT_ROOT = path.resolve(NODE_SERVER_DIR, COMPILED ? '../../..' : '../..');
/** Where the Node server's run-time files go (the seeded database, the sqlite-sleep build). */
export const NODE_DATA_DIR = runtimeDataDir(PROJECT_ROOT, 'node');
export const DEFAULT_DB = path.join(NODE_DATA_DIR, 'books.sqlite3');
export const MAIN_SCRIPT = path.join(NODE_SERVER_DIR, `main${EXT}`);
export const SEED_SCRIPT = path.join(NODE_SERVER_DIR, `seed${EXT}`);
/** How to run MAIN_SCRIPT and SEED_SCRIPT: compiled JS needs no TypeScript loader. */
export const NODE_ARGV = COMPILED ? [process.execPath] : [process.execPath, '--import', 'tsx'];
