// --db sqlite | postgres | postgres-pool for the Django targets. PostgreSQL comes from DATABASE_URL
// when it is set, otherwise from a throwaway cluster the harness starts and stops itself; without
// either, the Django targets are left out of the run with a message saying how to get one.
import { djangoDbEnv, withDbPool } from '../../servers/targets/django.js';
import { startThrowawayPostgres } from './postgres.js';
import type { Catalog } from '../config/resolve.js';
import { BenchError, ExitCode } from '../errors.js';
import type { LaunchedTargetDef, ResolvedOptions } from '../types.js';

/** Connections per worker in Django's psycopg pool for --db postgres-pool. */
export const DJANGO_DB_POOL = 8;

export interface PreparedDatabase {
  env: Record<string, string>;
  catalog: Catalog;
  targets: string[];
  stop(): Promise<void>;
}

export async function prepareDatabase(opts: ResolvedOptions, catalog: Catalog, logDir: string, warn: (m: string) => void): Promise<PreparedDatabase> {
  const none = { env: {}, catalog, targets: opts.targets, stop: async () => {} };
  if (opts.db === 'sqlite') return none;
  const isDjango = (name: string) => catalog.targets.find((t) => t.name === name)?.family === 'django';
  if (!opts.targets.some(isDjango)) return none;
  const pg = await startThrowawayPostgres({ logDir });
  if ('skipped' in pg) {
    const left = opts.targets.filter((n) => !isDjango(n));
    warn(`--db ${opts.db}: the Django targets are skipped: ${pg.skipped}`);
    if (left.length === 0) throw new BenchError('no-postgres', `--db ${opts.db} needs PostgreSQL: ${pg.skipped}`, { exitCode: ExitCode.environment, hint: 'set DATABASE_URL=postgres://user:password@127.0.0.1:5432/db, or install PostgreSQL (apt-get install postgresql), or use --db sqlite' });
    return { ...none, targets: left };
  }
  const pool = opts.db === 'postgres-pool' ? DJANGO_DB_POOL : 0;
  const django = catalog.targets.filter((t): t is LaunchedTargetDef => t.kind === 'launch' && t.family === 'django');
  const pooled = pool ? withDbPool(django, pool) : django;
  return {
    env: djangoDbEnv(pg.url, pool),
    catalog: { ...catalog, targets: catalog.targets.map((t) => pooled.find((p) => p.name === t.name) ?? t) },
    targets: opts.targets,
    stop: () => pg.stop(),
  };
}
