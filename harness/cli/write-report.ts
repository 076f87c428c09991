// The run's report at the end of `bench`: a renderer that fails costs the report, never the
// results (they are already on disk), while a full or read-only disk stops the run with its reason.
import path from 'node:path';
import type { ProgressReporter } from '../run/progress.js';
import type { Results } from '../types.js';
import { userCommand } from '../package-root.js';
import { RESULTS_FILE } from '../results/read.js';
import { isOutputError } from '../results/output-errors.js';

/**
 * Renders the run's reports. A renderer failure is reported but never loses the run: results.json
 * and cells.jsonl are already on disk, and `npm run report -- <run-dir>` can render them again.
 * A full or read-only disk is not a renderer failure: it is raised (exit 3), naming the file.
 */
export async function writeRunReport(dir: string, results: Results, progress: ProgressReporter): Promise<string | null> {
  try {
    const { writeReport } = (await import('../report/write.js')) as {
      writeReport(runDir: string, results: Results): Promise<{ html: string; files: string[] }>;
    };
    const out = await writeReport(dir, results);
    return out.html;
  } catch (e) {
    if (isOutputError(e)) throw e;
    progress.warn(
      `the report could not be rendered (${(e as Error).message}); the results are safe in ${path.join(dir, RESULTS_FILE)}: re-render with \`${userCommand('report', dir)}\``,
    );
    return null;
  }
}
