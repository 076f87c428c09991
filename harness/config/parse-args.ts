// The command line read against the one flag table: every unknown flag, missing value or bad
// boolean collected (with a suggestion) rather than stopping at the first.
import { FLAGS, configKeyOf, flagByName } from './flags.js';
import { closest } from './suggest.js';

export interface ParsedArgs {
  /** Values keyed by config key; strings as typed, `true` for booleans, string[] for repeatable params. */
  values: Record<string, unknown>;
  /** Actions such as list, help, version, config (cli-only flags). */
  actions: Record<string, unknown>;
  positionals: string[];
  problems: string[];
}

/** Parses `--flag value`, `--flag=value` and `--no-flag`; collects every problem instead of stopping at the first. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const out: ParsedArgs = { values: {}, actions: {}, positionals: [], problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    let name = eq >= 0 ? body.slice(0, eq) : body;
    let inline: string | undefined = eq >= 0 ? body.slice(eq + 1) : undefined;
    let negated = false;
    if (!flagByName(name) && name.startsWith('no-') && flagByName(name.slice(3))?.type === 'boolean') {
      name = name.slice(3);
      negated = true;
    }
    const flag = flagByName(name);
    if (!flag) {
      const guess = closest(
        name,
        FLAGS.map((f) => f.name),
      );
      out.problems.push(`unknown option --${name}${guess ? `: did you mean --${guess}?` : ''}`);
      continue;
    }
    const bucket = flag.cliOnly ? out.actions : out.values;
    const key = flag.cliOnly ? flag.name : configKeyOf(flag);
    if (flag.type === 'boolean') {
      if (inline !== undefined && !/^(true|false)$/.test(inline)) {
        out.problems.push(`--${flag.name} takes no value (got "${inline}")`);
        continue;
      }
      bucket[key] = negated ? false : inline !== 'false';
      continue;
    }
    if (inline === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        out.problems.push(`--${flag.name} needs a value (${flag.arg ?? 'VALUE'})`);
        continue;
      }
      inline = next;
      i++;
    }
    if (flag.type === 'params') {
      const list = (bucket[key] as string[] | undefined) ?? [];
      list.push(inline);
      bucket[key] = list;
    } else {
      bucket[key] = inline;
    }
  }
  return out;
}
