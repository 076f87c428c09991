// Extra micro-benchmark tasks for the report layer, passed to runMicro as `extraTasks` by main.ts.
// Kept apart from the core tasks: they belong to the report's owners, who may add their own here.
import fs from 'node:fs';
import path from 'node:path';
import { renderCsv } from '../report/csv.js';
import { renderHtml } from '../report/html.js';
import { renderMarkdown } from '../report/markdown.js';
import { buildReportModel } from '../report/model.js';
import type { Results } from '../types.js';
import { growToCells } from './grow.js';
import type { MicroTask } from './task.js';

export function reportTasks(): MicroTask[] {
  const fixture = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../report/fixtures/results.json'), 'utf8')) as Results;
  const report100 = growToCells(fixture, 100);
  const chartJs = '/* chart.js omitted: rendering cost, not file size */';
  return [
    {
      group: 'report',
      name: 'render a 100-cell report (HTML + Markdown + CSV)',
      // As writeReport does: the report's data built once, shared by the renderers.
      fn: () => {
        const model = buildReportModel(report100);
        return [renderHtml(report100, { chartJs, model }), renderMarkdown(report100, { model }), renderCsv(report100)];
      },
    },
  ];
}
