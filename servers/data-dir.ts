// Where the reference servers keep what a run creates: the seeded SQLite databases, the compiled
// sqlite-sleep extension, Python's bytecode. Installed as a package, never inside it: npm may have
// made it read-only, replaces it on the next install, and a run must leave it byte-identical
// (issue 22 item 10); those files go to the user's cache, $ASYNCBENCH_CACHE_DIR, else
// $XDG_CACHE_HOME/asyncbench, else ~/.cache/asyncbench. A checkout keeps them in its own
// servers/*/data/ as before: each checkout (a worktree, a branch) then has files built from its
// own sources, and two checkouts on one machine never share a database or an extension.
import os from 'node:os';
import path from 'node:path';

/** True when `root` (the package root) lies in a node_modules folder: installed, not a checkout. */
export function isInstalledAt(root: string): boolean {
  return root.split(path.sep).includes('node_modules');
}

/** The per-user cache folder an installed asyncbench writes to. */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ASYNCBENCH_CACHE_DIR) return path.resolve(env.ASYNCBENCH_CACHE_DIR);
  const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'asyncbench');
}

/**
 * The folder for a family's run-time files (`node`, `django`): `<root>/servers/<family>/data` in a
 * checkout, `<cache>/<family>` when installed (or wherever ASYNCBENCH_CACHE_DIR says, in both).
 */
export function runtimeDataDir(root: string, family: 'node' | 'django', env: NodeJS.ProcessEnv = process.env): string {
  if (env.ASYNCBENCH_CACHE_DIR || isInstalledAt(root)) return path.join(userCacheDir(env), family);
  return path.join(root, 'servers', family, 'data');
}
