// --db sqlite | postgres | postgres-pool. PostgreSQL comes from DATABASE_URL when it is set,
// otherwise from a throwaway cluster the harness starts and stops itself. Which targets use it, and
// how, is each target family's own hook (TargetFamily.useDatabase, servers/targets/families.ts);
// without PostgreSQL those targets are left out of the run with a message saying how to get one.
import { targetFamilies } from '../../servers/targets/families.js';
import { startThrowawayPostgres } from './postgres.js';
import type { Catalog } from '../types.js';
import { BenchError, ExitCode } from '../errors.js';
import type { LaunchedTargetDef, ResolvedOptions, TargetFamily } from '../types.js';

export interface PreparedDatabase {
  env: Record<string, string>;
  catalog: Catalog;
  targets: string[];
  stop(): Promise<void>;
}

export async function prepareDatabase(
  opts: ResolvedOptions,
  catalog: Catalog,
  logDir: string,
  warn: (m: string) => void,
  families: Readonly<Record<string, TargetFamily>> = targetFamilies,
): Promise<PreparedDatabase> {
  const none = { env: {}, catalog, targets: opts.targets, stop: async () => {} };
  if (opts.db === 'sqlite') return none;
  const familyOf = (name: string) => families[catalog.targets.find((t) => t.name === name)?.family ?? ''];
  const usesDb = (name: string) => familyOf(name)?.useDatabase !== undefined;
  if (!opts.targets.some(usesDb)) return none;
  const pg = await startThrowawayPostgres({ logDir });
  if ('skipped' in pg) {
    const left = opts.targets.filter((n) => !usesDb(n));
    const skipped = opts.targets.filter(usesDb);
    warn(`--db ${opts.db}: ${skipped.join(', ')} ${skipped.length > 1 ? 'are' : 'is'} skipped: ${pg.skipped}`);
    if (left.length === 0)
      throw new BenchError('no-postgres', `--db ${opts.db} needs PostgreSQL: ${pg.skipped}`, {
        exitCode: ExitCode.environment,
        hint: 'set DATABASE_URL=postgres://user:password@127.0.0.1:5432/db, or install PostgreSQL (apt-get install postgresql), or use --db sqlite',
      });
    return { ...none, targets: left };
  }
  let env: Record<string, string> = {};
  let targets = catalog.targets;
  for (const family of Object.values(families)) {
    if (!family.useDatabase) continue;
    const mine = targets.filter((t): t is LaunchedTargetDef => t.kind === 'launch' && t.family === family.id);
    const pool = opts.db === 'postgres-pool' ? (family.dbPoolPerWorker ?? 0) : 0;
    const used = family.useDatabase(pg.url, pool, mine);
    env = { ...env, ...used.env };
    targets = targets.map((t) => used.targets.find((u) => u.name === t.name) ?? t);
  }
  return { env, catalog: { ...catalog, targets }, targets: opts.targets, stop: () => pg.stop() };
}
