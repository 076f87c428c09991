// `--init`: a starter config for the user's own app, written next to it and never over an existing
// one; its content (config/starter-config.ts) is tested against the versions it names.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError, ExitCode } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { starterConfig } from '../config/starter-config.js';
import { userCommand } from '../package-root.js';

/** `--init`: writes a starter config next to the user's project; never overwrites one. */
export function writeStarterConfig(file: string): number {
  const abs = path.resolve(file);
  if (fs.existsSync(abs)) {
    throw new BenchError('init-exists', `${abs} already exists; not overwriting it`, {
      hint: 'delete it or move it away, then run --init again',
      exitCode: ExitCode.usage,
    });
  }
  const schema = path.relative(path.dirname(abs), path.join(PACKAGE_ROOT, 'harness/config/config.schema.json'));
  fs.writeFileSync(abs, `${JSON.stringify(starterConfig(schema), null, 2)}\n`);
  process.stdout.write(
    `wrote ${abs}\nedit its example targets and scenarios to launch and check your own app (every key is explained in its "//" notes), then: ${userCommand('bench', `--config ${abs}`)}\n`,
  );
  return ExitCode.ok;
}
