// Builds the SQLite sleep() extension (sqlite-sleep.c) once per source and returns its path. The
// build lands beside the seeded database (servers/node/data/ in a checkout, the user's cache when
// installed; never shipped) under a name that holds the source's hash, so an edited source builds
// anew and concurrent builders cannot clash: each compiles to its own temporary file and renames it into place.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NODE_DATA_DIR, PROJECT_ROOT } from '../paths.js';

const SOURCE = path.join(PROJECT_ROOT, 'servers', 'node', 'db', 'sqlite-sleep.c');
const BUILD_DIR = path.join(NODE_DATA_DIR, 'build');

/** Set to the built extension's path once known, so the cluster's workers (forked with this env) neither hash nor build again. */
const KNOWN_ENV = 'ASYNCBENCH_SQLITE_SLEEP_EXT';

/** The compiled extension for the current source, built first if needed (about 0.1 s). */
export function sleepExtension(): string {
  const known = process.env[KNOWN_ENV];
  if (known && fs.existsSync(known)) return known;
  const built = compiledForSource();
  process.env[KNOWN_ENV] = built;
  return built;
}

// The build for this source: the file when it exists, compiled first otherwise.
function compiledForSource(): string {
  const source = fs.readFileSync(SOURCE);
  const hash = crypto.createHash('sha256').update(source).update(process.arch).digest('hex').slice(0, 12);
  const out = path.join(BUILD_DIR, `sqlite-sleep-${hash}.so`);
  if (fs.existsSync(out)) return out;
  fs.mkdirSync(BUILD_DIR, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const cc = process.env.CC || 'cc';
  try {
    execFileSync(cc, ['-O2', '-shared', '-fPIC', '-Wall', '-o', tmp, SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    const said =
      err.code === 'ENOENT'
        ? `${cc} is not installed`
        : String(err.stderr ?? err.message)
            .trim()
            .split('\n')
            .slice(0, 3)
            .join(' | ');
    throw new Error(
      `cannot build the SQLite sleep() extension the async Node server's /db needs (${said}). ` +
        "Install a C compiler and SQLite's headers (Debian: apt-get install build-essential libsqlite3-dev; npm run setup does), or set CC",
    );
  }
  fs.renameSync(tmp, out);
  // Builds of older sources are never loaded again.
  for (const f of fs.readdirSync(BUILD_DIR))
    if (/^sqlite-sleep-[0-9a-f]+\.so$/.test(f) && path.join(BUILD_DIR, f) !== out) fs.rmSync(path.join(BUILD_DIR, f), { force: true });
  return out;
}
