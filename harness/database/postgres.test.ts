// The PostgreSQL tests' guard: a skip on a developer's machine, a failure (with the reason) under
// CI=true, where `npm run setup` installs PostgreSQL and a skip would hide that it did not run.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findPostgresBin, skipWithoutPostgres, startThrowawayPostgres } from './postgres.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('PostgreSQL for tests', () => {
  it('fails under CI=true, naming the reason, and skips with the reason elsewhere', () => {
    const ctx = { skip: vi.fn() };
    vi.stubEnv('CI', 'true');
    expect(() => skipWithoutPostgres(ctx, 'initdb failed (x)')).toThrow(/PostgreSQL is required under CI=true .*: initdb failed \(x\)/);
    expect(ctx.skip).not.toHaveBeenCalled();
    vi.stubEnv('CI', '');
    skipWithoutPostgres(ctx, 'not installed');
    expect(ctx.skip).toHaveBeenCalledWith('PostgreSQL unavailable: not installed');
  });

  it('starts and stops a throwaway cluster (as the postgres user when we are root)', async (ctx) => {
    vi.stubEnv('DATABASE_URL', '');
    const pg = await startThrowawayPostgres();
    if ('skipped' in pg) return skipWithoutPostgres(ctx, pg.skipped);
    expect(findPostgresBin()).not.toBeNull();
    expect(pg.url).toMatch(/^postgres:\/\/asyncbench@127\.0\.0\.1:\d+\/asyncbench$/);
    await pg.stop();
  });
});
