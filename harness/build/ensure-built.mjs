// `npm run build`, and the step before every `npm run` script that runs dist/: when any source is
// newer than the last build (or --force), build again: tsc -p tsconfig.build.json, then the assets
// the compiled code reads next to itself. Plain JS because it runs before anything is compiled; an
// installed package ships dist/ built and never runs this.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stamp = path.join(root, 'dist', '.build-stamp');
const lock = path.join(root, '.asyncbench-build.lock');
const SKIP = new Set(['node_modules', '.venv', '__pycache__', 'data']);

function newestSource(dir) {
  let newest = 0;
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(d.name)) continue;
    const p = path.join(dir, d.name);
    if (d.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json|py)$/.test(d.name) && !d.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

const stale = () => {
  const sources = Math.max(
    ...['harness', 'scenarios', 'servers'].map((d) => newestSource(path.join(root, d))),
    ...['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => fs.statSync(path.join(root, f)).mtimeMs),
  );
  return sources > (fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, 'utf8')) : 0);
};

const force = process.argv.includes('--force');
if (force || stale()) {
  // Several people (or runs) may start at once in one checkout: one builds, the others wait for it.
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (force || stale()) {
      const started = Date.now();
      // A full build starts clean, so no module of a deleted source lingers in dist/.
      if (force) fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
      if (!force) process.stderr.write('asyncbench: the sources changed since dist/ was built: building (npm run build)\n');
      // tsc prints its errors on stdout: send them to stderr, so a script's stdout stays its own.
      const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 2, 'inherit'] }).status;
      // tsc exits 2 when it found type errors but still wrote every file: the code runs, and
      // `npm run typecheck` is where type errors fail; exit 1 means nothing was written.
      const tsc = run([path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
      if (tsc === 2) process.stderr.write('asyncbench: the build has type errors (above); dist/ was written anyway\n');
      const ok = (tsc === 0 || tsc === 2) && run([path.join(root, 'dist/harness/build/copy-assets.js')]) === 0;
      if (!ok) {
        process.stderr.write('asyncbench: the build failed (above); fix it, or run the sources directly: npx tsx harness/cli/main.ts\n');
        process.exitCode = 3;
      } else fs.writeFileSync(stamp, String(started));
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
