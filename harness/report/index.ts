// The report layer's public API: the model built once per report, chart specs, the
// headline, one renderer per format, and the writer.
export type { ChartSpec, HtmlOptions, MarkdownOptions, MicroRow, PngOptions, ReportModel, TableView, ValueFormat } from './types.js';
export { buildCharts } from './charts.js';
export { buildReportModel } from './model.js';
export { buildHeadline, headlineSummary, type Headline, type HeadlineGap, type HeadlinePair } from './headline.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderCsv } from './csv.js';
export { renderPngs, renderChartPng, type PngChart } from './png.js';
export { writeReport, type WriteReportOptions } from './write.js';
export { loadResults, readResults } from '../results/read.js';
export { publishSite, renderRunIndex, type PublishOutcome, type PublishedRun } from './publish.js';
