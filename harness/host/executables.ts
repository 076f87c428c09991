// Whether a command can run here, found the way a shell finds it: config checks and the run's
// preflight both ask before anything starts, so a missing program is one clear line, not a crash minutes in.
import fs from 'node:fs';
import path from 'node:path';

/** Finds an executable the way a shell would: a path as given (relative to cwd), or a name on PATH. */
export function findExecutable(cmd: string, cwd: string): string | null {
  const isExec = (p: string) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (cmd.includes('/')) {
    const p = path.resolve(cwd, cmd);
    return isExec(p) ? p : null;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExec(path.join(dir, cmd))) return path.join(dir, cmd);
  }
  return null;
}
