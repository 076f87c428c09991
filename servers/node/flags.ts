// The server's command line, parsed and checked in one pass: every problem is reported together.
import path from 'node:path';
import { DEFAULT_DB } from './paths.js';

export type Model = 'async' | 'sync';

export interface ServerFlags {
  model: Model;
  /** 0 picks a free port; the primary prints the bound one (`listening on http://host:port`). */
  port: number;
  host: string;
  workers: number;
  db: string;
  /** Worker threads per process running SQLite queries (async model only). */
  dbPool: number;
}

export const USAGE =
  'usage: node --import tsx servers/node/main.ts --model async|sync --port P --workers N [--host 127.0.0.1] [--db FILE] [--db-pool 4]\n' +
  '  --db-pool defaults to $ASYNCBENCH_NODE_DB_POOL, else 4; --db defaults to servers/node/data/books.sqlite3';

const KNOWN = ['model', 'port', 'host', 'workers', 'db', 'db-pool'];

export function parseFlags(argv: string[], env: NodeJS.ProcessEnv = process.env): { flags: ServerFlags } | { problems: string[] } {
  const raw: Record<string, string> = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const name = a.startsWith('--') ? a.slice(2) : null;
    if (name === null || !KNOWN.includes(name)) problems.push(`unknown argument ${a}`);
    else if (argv[i + 1] === undefined) problems.push(`--${name} needs a value`);
    else raw[name] = argv[++i] as string;
  }
  const int = (name: string, fallback: string | undefined, min: number, max: number): number => {
    const v = raw[name] ?? fallback;
    if (v === undefined) {
      problems.push(`--${name} is required`);
      return NaN;
    }
    const n = /^\d+$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max)) problems.push(`--${name} must be a whole number in ${min}..${max}, got "${v}"`);
    return n;
  };
  const model = raw.model as Model;
  if (model !== 'async' && model !== 'sync') problems.push(`--model must be async or sync, got ${raw.model === undefined ? 'nothing' : `"${raw.model}"`}`);
  const flags: ServerFlags = {
    model,
    port: int('port', undefined, 0, 65_535),
    host: raw.host ?? '127.0.0.1',
    workers: int('workers', '1', 1, 256),
    db: path.resolve(raw.db ?? DEFAULT_DB),
    dbPool: int('db-pool', env.ASYNCBENCH_NODE_DB_POOL || '4', 1, 256),
  };
  return problems.length ? { problems } : { flags };
}
