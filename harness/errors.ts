// Coded errors with hints, caught at one exit point (cli/main.ts). Exit codes are documented in
// the README and in `--help`; scripts and CI rely on them.

export const ExitCode = {
  ok: 0,
  /** A bug in asyncbench: the stack is printed. */
  internal: 1,
  /** Invalid options or config file: nothing was started. */
  usage: 2,
  /** The environment is not ready (setup not run, output directory not writable, limits). */
  environment: 3,
  /** The run finished but some cells errored (server failed to start, crashed or failed verification). */
  cellsErrored: 4,
  /** `compare --fail-above` found a regression. */
  regression: 5,
  /** `compare --fail-above` found no regression, but some cell's interval reaches past the threshold: more repeats would decide. */
  inconclusive: 6,
  /** Interrupted by SIGINT (Ctrl-C); finished results were kept and rendered. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A problem the user can fix; printed as message + hint, without a stack. */
export class BenchError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCodeValue;
  /** Several problems found in one pass (config validation reports all at once). */
  readonly problems: string[];

  constructor(code: string, message: string, opts: { hint?: string; exitCode?: ExitCodeValue; problems?: string[] } = {}) {
    super(message);
    this.name = 'BenchError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? ExitCode.usage;
    this.problems = opts.problems ?? [];
  }
}

export function isBenchError(e: unknown): e is BenchError {
  return e instanceof BenchError;
}

/** Formats a BenchError for the terminal: message, every problem, then the hint. */
export function formatBenchError(e: BenchError): string {
  const lines = [`asyncbench: ${e.message}`];
  for (const p of e.problems) lines.push(`  - ${p}`);
  if (e.hint) lines.push('', `hint: ${e.hint}`);
  return lines.join('\n');
}
