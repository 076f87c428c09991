// One way to read a subcommand's arguments (report, compare, soak, micro): each declares its options
// in a table, `--name value`, `--name=value` and booleans are read the same way everywhere, every
// problem is reported at once with a suggestion, and `--help` is written from the same table.
// (`bench` has the full flag table of config/flags.ts, which its config file shares.)
import { BenchError, ExitCode } from '../errors.js';
import { unknownNameMessage } from './suggest.js';

export interface SubOption {
  type: 'string' | 'boolean';
  /** Placeholder in the usage, e.g. DIR. */
  arg?: string;
  description: string;
  default?: string;
  short?: string;
}

export interface SubcommandSpec {
  /** e.g. `asyncbench compare` */
  command: string;
  /** What the positionals are, for the usage line, e.g. `<run-A> <run-B>`. */
  positionals: { names: string; min: number; max: number };
  options: Record<string, SubOption>;
  /** Extra usage lines (other forms, exit codes). */
  notes?: string[];
  /** Checks of the values themselves (formats, combinations), reported with the parse problems. */
  check?(values: SubArgs['values'], positionals: string[]): string[];
}

export interface SubArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

export function subUsage(spec: SubcommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(26)} ${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}`;
  });
  return [
    `usage: ${[spec.command, spec.positionals.names, '[options]'].filter(Boolean).join(' ')}`,
    'options:',
    ...rows,
    '  -h, --help                 this text',
    ...(spec.notes ?? []),
  ].join('\n');
}

/** Reads argv against the spec; throws one BenchError (exit 2) listing every problem. */
export function parseSubArgs(argv: string[], spec: SubcommandSpec): SubArgs {
  const values: SubArgs['values'] = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  let help = false;
  const byShort = new Map(Object.entries(spec.options).flatMap(([n, o]) => (o.short ? [[o.short, n] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') {
      help = true;
      continue;
    }
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const raw = a.startsWith('--') ? a.slice(2, eq > 0 ? eq : undefined) : (byShort.get(a.slice(1)) ?? a.slice(1));
    const opt = spec.options[raw];
    if (!opt) {
      problems.push(
        `${a.split('=')[0]}: ${unknownNameMessage(
          'option',
          `--${raw}`,
          Object.keys(spec.options).map((n) => `--${n}`),
        )}`,
      );
      continue;
    }
    if (opt.type === 'boolean') {
      if (eq > 0) problems.push(`--${raw} takes no value`);
      values[raw] = true;
      continue;
    }
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) {
      problems.push(`--${raw} needs a value${opt.arg ? ` (${opt.arg})` : ''}`);
      if (eq < 0 && v?.startsWith('--')) i--;
      continue;
    }
    values[raw] = v;
  }
  const { min, max } = spec.positionals;
  if (!help && positionals.length < min)
    problems.push(`expected ${spec.positionals.names}, got ${positionals.length === 0 ? 'nothing' : positionals.join(' ')}`);
  if (positionals.length > max)
    problems.push(`expected at most ${max} argument${max === 1 ? '' : 's'} (${spec.positionals.names}), got ${positionals.length}: ${positionals.join(' ')}`);
  for (const [name, o] of Object.entries(spec.options))
    if (values[name] === undefined && o.default !== undefined && o.type === 'string') values[name] = o.default;
  if (!help) problems.push(...(spec.check?.(values, positionals) ?? []));
  if (problems.length > 0 && !help) {
    throw new BenchError('invalid-options', `${problems.length} problem${problems.length > 1 ? 's' : ''} with the arguments of ${spec.command}`, {
      problems,
      hint: subUsage(spec),
      exitCode: ExitCode.usage,
    });
  }
  return { values, positionals, help };
}
