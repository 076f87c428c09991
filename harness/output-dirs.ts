// Where every subcommand reads and writes the user's files (run directories, reports/, --out):
// one resolver, so bench, report --publish, soak and micro agree. Installed as a package, the
// defaults are the user's ./reports, never a folder inside node_modules/asyncbench (npm replaces
// it on the next install); in a checkout they are the checkout's own reports/.
import path from 'node:path';
import { INSTALLED, PACKAGE_ROOT } from './package-root.js';

/**
 * Where the user was when they typed the command: `npm run` moves into the package root, and npm
 * keeps the original folder in INIT_CWD. Paths the user types (--config, --out, run directories)
 * are relative to it.
 */
export const USER_CWD = process.env.INIT_CWD ?? process.cwd();

export interface OutputContext {
  installed: boolean;
  userCwd: string;
  packageRoot: string;
}
const HERE: OutputContext = { installed: INSTALLED, userCwd: USER_CWD, packageRoot: PACKAGE_ROOT };

/** The folder default outputs (`reports/<run-id>`) are relative to: the user's when installed, the checkout's root otherwise. */
export function outputBase(ctx: OutputContext = HERE): string {
  return ctx.installed ? ctx.userCwd : ctx.packageRoot;
}

/** The reports/ folder runs go to, and report --publish reads, by default. */
export function defaultReportsDir(ctx: OutputContext = HERE): string {
  return path.join(outputBase(ctx), 'reports');
}

/** A path the user typed, made absolute against the folder they typed it in. */
export function userPath(typed: string, ctx: OutputContext = HERE): string {
  return path.resolve(ctx.userCwd, typed);
}

/** The directory a subcommand writes: the user's --out when given, else `name` under the default reports/. */
export function outputDir(typed: string | undefined, name: string, ctx: OutputContext = HERE): string {
  return typed === undefined ? path.join(defaultReportsDir(ctx), name) : userPath(typed, ctx);
}

/** A timestamp for a default directory name (soak-…, micro-…): sortable, and legal in a path. */
export function stampNow(now = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}
