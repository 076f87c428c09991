// The `asyncbench` subcommands, declared once: the entry (main.ts) dispatches on the first word,
// and `--help` lists them. Each subcommand keeps its own parsing where it lives; a module is loaded
// only when its subcommand runs, so `--help` and `--version` load none of them.
import { BenchError } from '../errors.js';
export interface Subcommand {
  name: string;
  summary: string;
  /** Runs the subcommand with the arguments after its name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** init and list take options only: a stray word must not be silently ignored (init writes ./bench.config.json). */
function noPositionals(name: string, argv: string[]): string[] {
  const extra = argv.find((a, i) => !a.startsWith('-') && !(argv[i - 1] ?? '').startsWith('--config'));
  if (extra !== undefined)
    throw new BenchError('invalid-options', `${name} takes no argument, got "${extra}"`, {
      hint: name === 'init' ? 'it writes bench.config.json in the current folder: cd there first' : 'asyncbench list [--config FILE]',
    });
  return argv;
}

export const SUBCOMMANDS: Subcommand[] = [
  {
    name: 'bench',
    summary: 'run the benchmark matrix and write its report (the default: `asyncbench [options]`)',
    run: async (argv) => (await import('./bench.js')).benchMain(argv),
  },
  {
    name: 'report',
    summary: 're-render a run from its results.json, or --publish a static site of every run',
    run: async (argv) => (await import('../report/cli.js')).main(argv),
  },
  {
    name: 'compare',
    summary: 'compare two runs cell by cell; --fail-above 10% gates CI (exit 5)',
    run: async (argv) => (await import('../compare/cli.js')).main(argv),
  },
  {
    name: 'soak',
    summary: 'one long cell per target, with the memory trend in MiB per minute',
    run: async (argv) => (await import('../soak/soak.js')).main(argv),
  },
  { name: 'micro', summary: 'tinybench micro-benchmarks of the building blocks', run: async (argv) => (await import('../micro/main.js')).main(argv) },
  {
    name: 'init',
    summary: 'write a commented starter bench.config.json here (same as bench --init)',
    run: async (argv) => (await import('./bench.js')).benchMain(['--init', ...noPositionals('init', argv)]),
  },
  {
    name: 'list',
    summary: 'targets and scenarios with one-line descriptions (same as bench --list)',
    run: async (argv) => (await import('./bench.js')).benchMain(['--list', ...noPositionals('list', argv)]),
  },
  {
    name: 'setup',
    summary: "create the Django targets' Python venv (what `npm run setup` does for them in a checkout); the Node targets need nothing",
    run: async (argv) => (await import('./setup.js')).setupMain(argv),
  },
];

export function findSubcommand(name: string | undefined): Subcommand | undefined {
  return SUBCOMMANDS.find((s) => s.name === name);
}

/** The lines above the bench options in `asyncbench --help`. Pure. */
export function renderSubcommandHelp(): string {
  const w = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
  return [
    'Usage: asyncbench [bench] [options]          (in a checkout: npm run bench -- [options])',
    '       asyncbench <subcommand> [options]     (each takes --help)',
    '       asyncbench --version                  this version and those of Node, undici, autocannon, Django, gunicorn, uvicorn',
    '',
    'Subcommands:',
    ...SUBCOMMANDS.map((s) => `  ${s.name.padEnd(w)}  ${s.summary}`),
  ].join('\n');
}
