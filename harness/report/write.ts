// The one module that writes report files: index.html, charts/*.png, summary.md and results.csv,
// each atomically (temp + rename), so a reader never sees half a report.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { writeFileAtomic } from '../results/atomic-write.js';
import type { Results } from '../types.js';
import { renderCapacityCsv, renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildReportModel } from './model.js';
import type { MicroRow, PngOptions } from './types.js';
import { makeOutputDir } from '../results/out-dir.js';

export interface WriteReportOptions {
  micro?: MicroRow[];
  png?: PngOptions;
  /** Skip the PNGs (e.g. when node-canvas is unavailable); the HTML does not need them. */
  skipPng?: boolean;
}

/** Micro-benchmark rows that `npm run bench:micro -- --out <run-dir>` left in the run directory. */
function readMicro(runDir: string): MicroRow[] | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(runDir, 'micro.json'), 'utf8')) as { rows: MicroRow[] }).rows;
  } catch {
    return undefined;
  }
}

let chartJsSource: string | null = null;

/** Chart.js as a browser script (UMD), read once from node_modules so index.html can inline it. */
export function readChartJs(): string {
  if (chartJsSource === null) {
    const cjs = createRequire(import.meta.url).resolve('chart.js');
    chartJsSource = fs.readFileSync(path.join(path.dirname(cjs), 'chart.umd.js'), 'utf8');
  }
  return chartJsSource;
}

/**
 * Writes the report into runDir and returns the path of index.html and every file written. The
 * report's data is built once (buildReportModel) and shared by every renderer. The PNGs are drawn
 * last: if node-canvas fails, the HTML, Markdown and CSV are already on disk.
 */
export async function writeReport(runDir: string, results: Results, opts: WriteReportOptions = {}): Promise<{ html: string; files: string[] }> {
  makeOutputDir(runDir);
  const files: string[] = [];
  const put = (rel: string, data: string | Buffer) => {
    const file = path.join(runDir, rel);
    writeFileAtomic(file, data);
    files.push(file);
  };
  const model = buildReportModel(results, { micro: opts.micro ?? readMicro(runDir) });
  put('index.html', renderHtml(results, { chartJs: readChartJs(), model }));
  put('summary.md', renderMarkdown(results, { model }));
  put('results.csv', renderCsv(results));
  if (results.capacity?.length) put('capacity.csv', renderCapacityCsv(results));
  if (!opts.skipPng) {
    // Imported here so a broken canvas build costs the PNGs only, not the whole report.
    const { renderPngs } = await import('./png.js');
    const charts = renderPngs(results, { ...opts.png, model });
    const dir = path.join(runDir, 'charts');
    fs.mkdirSync(dir, { recursive: true });
    const keep = new Set(charts.map((c) => path.basename(c.file)));
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.png') && !keep.has(f)) fs.rmSync(path.join(dir, f), { force: true });
    for (const c of charts) put(c.file, c.png);
  }
  return { html: path.join(runDir, 'index.html'), files };
}
