import { describe, expect, it } from 'vitest';
import { isBenchError } from '../errors.js';
import { parseSubArgs, subUsage, type SubcommandSpec } from './sub-args.js';

const SPEC: SubcommandSpec = {
  command: 'asyncbench demo',
  positionals: { names: '<a> <b>', min: 2, max: 2 },
  options: {
    format: { type: 'string', arg: 'text|markdown', description: 'output', default: 'text' },
    out: { type: 'string', arg: 'FILE', description: 'file' },
    'no-png': { type: 'boolean', description: 'skip' },
  },
  check: (v) => (v.format !== 'text' && v.format !== 'markdown' ? [`--format is text or markdown, got ${JSON.stringify(v.format)}`] : []),
};

const problemsOf = (argv: string[]): string[] => {
  try {
    parseSubArgs(argv, SPEC);
    return [];
  } catch (e) {
    if (!isBenchError(e)) throw e;
    expect(e.exitCode).toBe(2);
    expect(e.hint).toContain('usage: asyncbench demo <a> <b> [options]');
    return e.problems;
  }
};

describe('parseSubArgs: one way to read every subcommand', () => {
  it('reads --name value, --name=value, booleans and positionals, with defaults filled in', () => {
    expect(parseSubArgs(['x', '--out', 'f.md', 'y', '--no-png'], SPEC)).toEqual({
      values: { out: 'f.md', 'no-png': true, format: 'text' },
      positionals: ['x', 'y'],
      help: false,
    });
    expect(parseSubArgs(['--format=markdown', 'x', 'y'], SPEC).values.format).toBe('markdown');
  });

  it('reports every problem at once: unknown options with a suggestion, missing values, counts, and the value checks', () => {
    expect(problemsOf(['--fromat', 'markdown', '--out', '--format=html'])).toEqual([
      '--fromat: unknown option "--fromat": did you mean "--format"? (known: --format, --out, --no-png)',
      '--out needs a value (FILE)',
      'expected <a> <b>, got markdown',
      '--format is text or markdown, got "html"',
    ]);
    expect(problemsOf(['a', 'b', 'c', '--no-png=yes'])).toEqual(['--no-png takes no value', 'expected at most 2 arguments (<a> <b>), got 3: a b c']);
  });

  it('--help wins over missing arguments, and the usage comes from the same table', () => {
    expect(parseSubArgs(['-h'], SPEC).help).toBe(true);
    const u = subUsage(SPEC);
    expect(u).toContain('--format text|markdown');
    expect(u).toContain('(default: text)');
    expect(u).toContain('--no-png ');
  });
});
