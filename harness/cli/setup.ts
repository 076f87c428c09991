// `asyncbench setup`: what an installed package needs before its Django targets can run, the
// Python venv. It runs the script `npm run setup` runs for that step (harness/setup/python-venv.sh,
// shipped in the package), so the two cannot drift. The Debian packages of setup.sh are for a
// checkout (compiling canvas, Chromium, PostgreSQL, nginx and wrk for its tests): npm installs the
// package's own Node dependencies.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ExitCode } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { parseSubArgs, subUsage, type SubcommandSpec } from '../config/sub-args.js';

export const VENV_SCRIPT = path.join(PACKAGE_ROOT, 'harness/setup/python-venv.sh');

export const SETUP_ARGS: SubcommandSpec = {
  command: 'asyncbench setup',
  positionals: { names: '', min: 0, max: 0 },
  options: {
    python: { type: 'string', arg: 'PATH', description: 'the python3 (>= 3.10, with venv) to build the venv with (default: python3.11, else python3)' },
  },
  notes: [
    `Creates the Django targets' venv, ${path.join(PACKAGE_ROOT, 'servers/django/.venv')}, from servers/django/requirements.txt`,
    '(pip needs the package index). Safe to run again: it does nothing when the venv is up to date. The Node targets need none of it.',
    'Installed as a package, the venv lives inside it: upgrading or reinstalling asyncbench (npm ci included) deletes it; run this again then.',
    'It installs no system packages: on Debian, python3 and python3-venv are what it needs (in a checkout, npm run setup also installs',
    "the Debian packages the checkout's own tests use). Exit codes: 0 ready, 3 the venv could not be made (the reason is printed).",
  ],
};

/** Runs the venv script with the terminal attached; `run` is replaceable in tests. Resolves to the exit code. */
export function setupMain(argv: string[], run: typeof spawnSync = spawnSync): number {
  const args = parseSubArgs(argv, SETUP_ARGS);
  if (args.help) {
    process.stdout.write(`${subUsage(SETUP_ARGS)}\n`);
    return ExitCode.ok;
  }
  const python = args.values.python as string | undefined;
  const env = python === undefined ? process.env : { ...process.env, ASYNCBENCH_PYTHON: python };
  const r = run('bash', [VENV_SCRIPT], { stdio: 'inherit', env });
  // The script says why it failed (no python3, no venv module, pip); exit 3 like any unready machine.
  if (r.error) process.stderr.write(`asyncbench setup: could not run bash ${VENV_SCRIPT}: ${r.error.message}\n`);
  return r.status === 0 ? ExitCode.ok : ExitCode.environment;
}
