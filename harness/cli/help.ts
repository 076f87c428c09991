// `--help`, generated from the one flag table (harness/config/flags.ts) with the defaults and the
// exit codes, so that an option cannot exist undocumented.
import { FLAGS, type FlagSpec } from '../config/flags.js';
import { ExitCode } from '../errors.js';
import { DEFAULT_SUITE_TIME } from '../run/estimate.js';
import { userCommand } from '../package-root.js';

const GROUPS: Array<[FlagSpec['group'], string]> = [
  ['matrix', 'What to run'],
  ['measurement', 'How to measure'],
  ['engine', "The load engine's own options (each read by the engine it names)"],
  ['output', 'Input and output'],
  ['safety', 'Safety'],
  ['actions', 'Other'],
];

// The commands are the user's: npx asyncbench when installed, npm run bench in a checkout.
const EXAMPLES: Array<[string, string]> = [
  ['', `the default suite (${DEFAULT_SUITE_TIME}; the run prints its own estimate)`],
  ['--quick', 'a smoke run in well under a minute'],
  ['--targets node-async,node-sync --scenarios sleep --workers 1,2,4 --connections 10,100 --duration 5s', ''],
  ['--config bench.config.json', 'the same options from a file'],
  ['--list', 'targets and scenarios'],
];

/** --help, generated from the flag table so that every option is documented. */
export function renderHelp(): string {
  const lines = [
    'asyncbench: what do slow endpoints gain from async (ASGI, an event loop) over sync (WSGI, blocking workers)?',
    '',
    `Usage: ${userCommand('bench', '[options]')}`,
    '',
    'Examples:',
    ...EXAMPLES.map(([args, what]) => `  ${userCommand('bench', args).padEnd(47)} ${what}`.trimEnd()),
  ];
  for (const [group, title] of GROUPS) {
    lines.push('', `${title}:`);
    for (const f of FLAGS.filter((x) => x.group === group)) {
      const name = `--${f.name}${f.arg ? ` ${f.arg}` : ''}${f.alias ? `, -${f.alias}` : ''}`;
      const def = f.defaultText ? ` (default: ${f.defaultText})` : '';
      lines.push(`  ${name.padEnd(34)} ${f.description}${def}`);
    }
  }
  lines.push(
    '',
    'Exit codes:',
    `  ${ExitCode.ok}    every cell ran (invalid cells are still results: see their validity)`,
    `  ${ExitCode.internal}    a bug in asyncbench (the stack is printed)`,
    `  ${ExitCode.usage}    invalid options or config file; nothing was started`,
    `  ${ExitCode.environment}    the machine is not ready (run \`${userCommand('setup')}\`), or the output directory is not writable`,
    `  ${ExitCode.cellsErrored}    some cells errored (a server failed to start, crashed, or answered wrongly); results were still written`,
    `  ${ExitCode.interrupted}  interrupted (Ctrl-C); finished cells were kept and rendered`,
  );
  return lines.join('\n');
}
