// `npm run build`, after tsc: the files the compiled code reads next to itself (JSON schemas, the
// locust driver's Python, the report fixture the micro-benchmarks render), copied into dist/ at the
// same relative paths, so `new URL('./x', import.meta.url)` finds them from dist/ as from the sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = /\.(ts|map)$|(^|\/)__pycache__(\/|$)/;

/** Copies every non-TypeScript file under each of `dirs` (relative to root) into outDir; returns the files copied. */
export function copyAssets(root: string, outDir: string, dirs: string[]): string[] {
  const copied: string[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = path.join(rel, d.name);
      if (SKIP.test(r)) continue;
      if (d.isDirectory()) walk(r);
      else if (d.isFile()) {
        fs.mkdirSync(path.dirname(path.join(outDir, r)), { recursive: true });
        fs.copyFileSync(path.join(root, r), path.join(outDir, r));
        copied.push(r);
      }
    }
  };
  for (const d of dirs) walk(d);
  return copied;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // dist/harness/build/copy-assets.js → the package root is three levels up.
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const files = copyAssets(root, path.join(root, 'dist'), ['harness', 'scenarios']);
  process.stdout.write(`build: ${files.length} asset files copied into dist/\n`);
}
