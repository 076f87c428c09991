// Absolute paths of the Node server's files, computed from this module so any cwd works.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_SERVER_DIR = path.dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = path.resolve(NODE_SERVER_DIR, '../..');
export const DEFAULT_DB = path.join(NODE_SERVER_DIR, 'data', 'books.sqlite3');
export const MAIN_SCRIPT = path.join(NODE_SERVER_DIR, 'main.ts');
export const SEED_SCRIPT = path.join(NODE_SERVER_DIR, 'seed.ts');
