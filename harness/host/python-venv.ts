// The project's one Python venv: the Django reference app's stack and the Locust engine's (locust,
// hdrhistogram) share it, made by `npm run setup` (or `asyncbench setup`) from
// servers/django/requirements.txt. Every module that runs Python asks here where it is and what to
// tell a user without it, so no engine or generic module calls it "Django's" (issue 24).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { INSTALLED, PACKAGE_ROOT, userCommand } from '../package-root.js';

/** Where the venv lives: inside the package (servers/django/, beside the requirements it is built from). */
export const PYTHON_VENV = path.join(PACKAGE_ROOT, 'servers/django/.venv');

/** A program of the venv (python, locust, gunicorn, …). */
export const venvBin = (name: string): string => path.join(PYTHON_VENV, 'bin', name);

/** Whether the venv exists (its python does). */
export const venvReady = (): boolean => fs.existsSync(venvBin('python'));

/** What to tell a user who has no venv. Installed, the venv lives inside the package folder, which npm replaces. */
export function venvHint(installed = INSTALLED): string {
  if (!installed) return `run \`${userCommand('setup', '', false)}\` (it creates the project's Python venv)`;
  return `run \`${userCommand('setup', '', true)}\` (it creates the project's Python venv inside the installed package; upgrading or reinstalling asyncbench, npm ci included, deletes it: run it again then)`;
}

/** Versions of these packages in the venv (and Python's own, as `python`), read in one call; all null without the venv. */
export function venvPackageVersions(packages: readonly string[]): Record<string, string | null> {
  const none: Record<string, string | null> = Object.fromEntries(['python', ...packages].map((p) => [p, null]));
  if (!venvReady()) return none;
  const script =
    'import json,sys,importlib.metadata as m\n' +
    'def v(n):\n try: return m.version(n)\n except Exception: return None\n' +
    `print(json.dumps({"python": sys.version.split()[0], **{n: v(n) for n in ${JSON.stringify(packages)}}}))`;
  try {
    const out = execFileSync(venvBin('python'), ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return JSON.parse(out) as Record<string, string | null>;
  } catch {
    return none;
  }
}
