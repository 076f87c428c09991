// Before any load starts, what would otherwise fail minutes into a run: the executables of every
// selected target and of its setup commands. Every problem at once, with the fix each target's
// family names (the Django targets: make the project's Python venv), never a crash mid-run.
import fs from 'node:fs';
import path from 'node:path';
import { targetFamilies } from '../../servers/targets/families.js';
import { findExecutable } from '../host/executables.js';
import { BenchError, ExitCode } from '../errors.js';
import type { ResolvedOptions, TargetDef } from '../types.js';

export function preflight(opts: ResolvedOptions, targets: TargetDef[], projectRoot: string): void {
  const problems: string[] = [];
  const hints = new Set<string>();
  for (const name of opts.targets) {
    const t = targets.find((x) => x.name === name);
    if (!t || t.kind !== 'launch') continue;
    const before = problems.length;
    const cwd = path.resolve(projectRoot, t.cwd ?? '.');
    if (!fs.existsSync(cwd)) problems.push(`${name}: working directory ${cwd} does not exist`);
    for (const argv of [t.command, ...(t.setup ?? [])]) {
      const exe = argv[0];
      if (!exe) problems.push(`${name}: empty command`);
      else if (!findExecutable(exe, cwd)) problems.push(`${name}: executable not found: ${exe}`);
    }
    if (problems.length === before) continue;
    const env = targetFamilies[t.family ?? '']?.environment;
    hints.add(env ? env.hint() : `check ${name}'s command and cwd${t.source && t.source !== 'built-in' ? ` in ${t.source}` : ''}`);
  }
  if (problems.length > 0) {
    throw new BenchError('not-set-up', 'some targets cannot start on this machine', {
      problems: [...new Set(problems)],
      hint: `${[...hints].join('; ')}, or leave those targets out with --targets`,
      exitCode: ExitCode.environment,
    });
  }
}
