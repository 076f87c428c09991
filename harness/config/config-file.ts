// Reads bench.config.json (or a bench.config.ts through defineConfig): a syntax error names the
// file, line and column, so a user fixes it without guessing.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchError, ExitCode } from '../errors.js';
import { userCommand } from '../package-root.js';

export interface LoadedConfig {
  path: string;
  values: Record<string, unknown>;
}

/** Line and column of a character offset, for pointing at JSON syntax errors. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/**
 * Reads a config: `.json`, or `.ts`/`.js`/`.mjs` whose default export is the same object (use
 * `defineConfig` from harness/index.ts for types). A JSON syntax error names the file, line and column.
 */
export async function loadConfigFile(file: string, cwd = process.cwd()): Promise<LoadedConfig> {
  const abs = path.resolve(cwd, file);
  if (/\.(ts|mts|js|mjs)$/.test(abs)) {
    if (!fs.existsSync(abs)) return readConfigFile(file, cwd);
    // Compiled (dist/), this process has no TypeScript loader: a .ts config goes through tsx's.
    const url = pathToFileURL(abs).href;
    const mod = (
      /\.m?ts$/.test(abs) && import.meta.url.endsWith('.js') ? await (await import('tsx/esm/api')).tsImport(url, import.meta.url) : await import(url)
    ) as { default?: unknown };
    const values = mod.default;
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new BenchError('config-invalid', `${abs}: the default export must be a config object (export default defineConfig({...}))`, {
        exitCode: ExitCode.usage,
      });
    }
    return { path: abs, values: values as Record<string, unknown> };
  }
  return readConfigFile(file, cwd);
}

/** Reads a JSON config file; a syntax error names the file, line and column. */
export function readConfigFile(file: string, cwd = process.cwd()): LoadedConfig {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new BenchError('config-unreadable', `cannot read the config file ${abs}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      hint: `check the path given to --config, or write a starter file with \`${userCommand('bench', '--init')}\``,
      exitCode: ExitCode.usage,
    });
  }
  try {
    const values = JSON.parse(text) as unknown;
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new BenchError('config-invalid', `${abs}: the config must be a JSON object`, { exitCode: ExitCode.usage });
    }
    return { path: abs, values: values as Record<string, unknown> };
  } catch (e) {
    if (e instanceof BenchError) throw e;
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineCol(text, Number(pos[1])) : null;
    throw new BenchError('config-syntax', `${abs}${where ? `:${where.line}:${where.col}` : ''}: invalid JSON: ${msg}`, {
      hint: 'fix the JSON at that line (a trailing comma or a missing quote is the usual cause)',
      exitCode: ExitCode.usage,
    });
  }
}
