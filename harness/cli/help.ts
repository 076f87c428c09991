import { FLAGS, type FlagSpec } from '../config/flags.js';
import { ExitCode } from '../errors.js';
import { DEFAULT_SUITE_TIME } from '../estimate.js';

const GROUPS: Array<[FlagSpec['group'], string]> = [
  ['matrix', 'What to run'],
  ['measurement', 'How to measure'],
  ['output', 'Input and output'],
  ['safety', 'Safety'],
  ['actions', 'Other'],
];

/** --help, generated from the flag table so that every option is documented. */
export function renderHelp(): string {
  const lines = [
    'asyncbench: what do slow endpoints gain from async (ASGI, an event loop) over sync (WSGI, blocking workers)?',
    '',
    'Usage: npm run bench -- [options]',
    '',
    'Examples:',
    `  npm run bench                                   the default suite (${DEFAULT_SUITE_TIME}; the run prints its own estimate)`,
    '  npm run bench -- --quick                        a smoke run in well under a minute',
    '  npm run bench -- --targets node-async,node-sync --scenarios sleep --workers 1,2,4 --connections 10,100 --duration 5s',
    '  npm run bench -- --config bench.config.json     the same options from a file',
    '  npm run bench -- --list                         targets and scenarios',
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
    `  ${ExitCode.environment}    the machine is not ready (run \`npm run setup\`), or the output directory is not writable`,
    `  ${ExitCode.cellsErrored}    some cells errored (a server failed to start, crashed, or answered wrongly); results were still written`,
    `  ${ExitCode.interrupted}  interrupted (Ctrl-C); finished cells were kept and rendered`,
  );
  return lines.join('\n');
}
