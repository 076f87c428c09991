// The config's run-level `setup` and `teardown` (issue 23): commands run once around the whole run,
// e.g. starting the database an app needs and stopping it again. Each is an argv array run with the
// user's rights from the config file's folder, logged to logs/run-setup.log or logs/run-teardown.log.
// A setup that fails stops the run before any load; a teardown that fails is a warning, since the
// results are already safe and it runs however the run ended.
import path from 'node:path';
import { BenchError, ExitCode, isBenchError } from '../errors.js';
import { runSetupCommands } from '../launcher/setup-commands.js';
import type { MessageSink, ResolvedOptions } from '../types.js';

const show = (argv: string[]) => argv.join(' ');

export async function runRunSetup(opts: ResolvedOptions, logDir: string, say: MessageSink): Promise<void> {
  const rl = opts.runLevel;
  if (!rl?.setup.length) return;
  const logFile = path.join(logDir, 'run-setup.log');
  say.info(`run setup (from the config): ${rl.setup.map(show).join('; ')}`);
  try {
    await runSetupCommands('the run', rl.setup, { cwd: rl.cwd ?? process.cwd(), logFile });
  } catch (e) {
    if (!isBenchError(e)) throw e;
    throw new BenchError('run-setup-failed', `the config's run setup failed: ${e.message.replace(/^setup of the run failed: /, '')}`, {
      problems: e.problems,
      hint: `fix that command in "setup" of ${opts.config ?? 'the config file'} (its output is in ${logFile}); nothing was measured`,
      exitCode: ExitCode.environment,
    });
  }
}

export async function runRunTeardown(opts: ResolvedOptions, logDir: string, say: MessageSink): Promise<void> {
  const rl = opts.runLevel;
  if (!rl?.teardown.length) return;
  const logFile = path.join(logDir, 'run-teardown.log');
  say.info(`run teardown (from the config): ${rl.teardown.map(show).join('; ')}`);
  try {
    await runSetupCommands('the run (teardown)', rl.teardown, { cwd: rl.cwd ?? process.cwd(), logFile });
  } catch (e) {
    say.warn(`the config's run teardown failed: ${(e as Error).message} (its output is in ${logFile}); stop what it should have stopped by hand`);
  }
}
