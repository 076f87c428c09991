import fs from 'node:fs';
import path from 'node:path';
import { findExecutable } from '../host/executables.js';
import { BenchError, ExitCode } from '../errors.js';
import type { ResolvedOptions, TargetDef } from '../types.js';
import { venvHint } from '../package-root.js';

/**
 * Checks, before any load starts, everything that would otherwise fail minutes into a run:
 * executables of every selected target and their setup commands. Reports every problem at once.
 */
export function preflight(opts: ResolvedOptions, targets: TargetDef[], projectRoot: string): void {
  const problems: string[] = [];
  for (const name of opts.targets) {
    const t = targets.find((x) => x.name === name);
    if (!t || t.kind !== 'launch') continue;
    const cwd = path.resolve(projectRoot, t.cwd ?? '.');
    if (!fs.existsSync(cwd)) problems.push(`${name}: working directory ${cwd} does not exist`);
    const cmds = [t.command, ...(t.setup ?? [])];
    for (const argv of cmds) {
      const exe = argv[0];
      if (!exe) problems.push(`${name}: empty command`);
      else if (!findExecutable(exe, cwd)) problems.push(`${name}: executable not found: ${exe}`);
    }
  }
  if (problems.length > 0) {
    throw new BenchError('not-set-up', 'some targets cannot start on this machine', {
      problems: [...new Set(problems)],
      hint: `${venvHint()}, or leave those targets out with --targets`,
      exitCode: ExitCode.environment,
    });
  }
}
