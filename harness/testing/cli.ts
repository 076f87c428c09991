// Driving the real CLI from tests, as a user runs it: a config file with the fixture server as a
// target, the CLI started under tsx with CI=true, its output collected, and a poll until a condition.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULTY_SERVER, PROJECT_ROOT } from './fixtures.js';

export const CLI_MAIN = path.join(PROJECT_ROOT, 'harness/cli/main.ts');

/** A bench.config.json with the fixture server as target `fixture` on sleep, plus `extra` keys. */
export function fixtureConfig(
  prefix: string,
  extra: Record<string, unknown> = {},
  target: Record<string, unknown> = {},
): { dir: string; config: string; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const config = path.join(dir, 'bench.config.json');
  const fixture = {
    name: 'fixture',
    command: [process.execPath, '--import', 'tsx', FAULTY_SERVER, '--port', '{port}', '--workers', '{workers}'],
    cwd: PROJECT_ROOT,
    model: 'async',
    scenarios: ['sleep'],
    stop: { signal: 'SIGTERM', graceMs: 1500 },
    ...target,
  };
  fs.writeFileSync(
    config,
    JSON.stringify({ targets: [fixture], scenarios: ['sleep'], workers: [1], connections: [10], duration: '1500ms', warmup: '200ms', ...extra }),
  );
  return { dir, config, out: path.join(dir, 'reports', 'run') };
}

export interface RunningCli {
  child: ChildProcess;
  output: () => string;
  /** The exit code; 128 for a death by signal. */
  exited: Promise<number | null>;
}

/** Starts `asyncbench` with args; `ownGroup` puts it in its own process group (to signal the group, as a terminal does). */
export function startCli(args: string[], opts: { ownGroup?: boolean } = {}): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.ownGroup === true,
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code, sig) => r(code ?? (sig ? 128 : null))));
  return { child, output: () => out, exited };
}

/** Polls `pred` every 50 ms until it holds; throws after `ms`. */
export async function waitFor(pred: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
