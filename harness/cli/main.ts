#!/usr/bin/env node
// `asyncbench [subcommand] [options]`: the thin entry (the package's bin, and `npm run bench`). It
// dispatches on the first word (subcommands.ts) and is the one exit point: a BenchError prints its
// message, problems and hint and exits with its code; anything else is a bug and prints its stack.
import { BenchError, ExitCode, formatBenchError, isBenchError } from '../errors.js';
import { killAllNow } from '../host/children.js';
import { findSubcommand, renderSubcommandHelp, SUBCOMMANDS } from './subcommands.js';

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    const { renderVersion } = await import('./version.js');
    process.stdout.write(`${renderVersion()}\n`);
    return ExitCode.ok;
  }
  if (first === '--help' || first === '-h') {
    const { renderHelp } = await import('./help.js');
    process.stdout.write(`${renderSubcommandHelp()}\n\n${renderHelp()}\n`);
    return ExitCode.ok;
  }
  const sub = findSubcommand(first);
  if (sub) return sub.run(rest);
  if (first !== undefined && !first.startsWith('-')) {
    throw new BenchError('unknown-subcommand', `unknown subcommand "${first}"`, {
      hint: `subcommands: ${SUBCOMMANDS.map((s) => s.name).join(', ')}; options start with -- (asyncbench --help)`,
    });
  }
  return (findSubcommand('bench') as (typeof SUBCOMMANDS)[number]).run(argv);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    killAllNow();
    if (isBenchError(e)) {
      process.stderr.write(`${formatBenchError(e)}\n`);
      process.exit(e.exitCode);
    }
    process.stderr.write(`asyncbench: unexpected error (a bug; please report it with this output)\n${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(ExitCode.internal);
  },
);
