// Types of the report layer. The input contract is `Results` (harness/types.ts); these describe
// what the renderers build from it and the options they take. The section and model types live
// here, below the registry (sections.ts) and the chart builders, so neither imports the other.
import type { Results } from '../types.js';
import type { Headline } from './headline.js';
import type { Point } from './points.js';

/** Plain JSON: a Chart.js configuration with no functions, so it can be embedded in HTML as data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * How axis ticks and tooltip values are printed. Chart.js needs functions for that, and a spec must
 * stay JSON, so the spec names a format and one small script (chart-hydrate.ts) adds the functions.
 */
export type ValueFormat = 'rps' | 'ms' | 'pct' | 'mib' | 'count' | 'nines' | 'connections' | 'workers' | 'plain';

export interface TableView {
  columns: string[];
  /** Already formatted for display; `invalid` rows are marked in every renderer. */
  rows: Array<{ cells: string[]; invalid?: boolean; note?: string }>;
}

export interface ChartSpec {
  /** Stable, file-name safe: used for `charts/<id>.png` and the HTML anchors. */
  id: string;
  /** Which report section the chart belongs to. */
  section: SectionId;
  title: string;
  /** One line under the title: what to look for. */
  caption: string;
  config: { type: string; data: Json; options: Json };
  /** Axis id (x, y, y2) → value format for ticks and tooltips. */
  formats: Record<string, ValueFormat>;
  table: TableView;
}

/** A report section's id: one entry of the registry in sections.ts, which every renderer reads. */
export type SectionId = string;

/** A chart as its builder returns it; the section registry stamps which section it belongs to. */
export type ChartDraft = Omit<ChartSpec, 'section'>;

/** One micro-benchmark task (tinybench), shown in an optional section of the HTML report. */
export interface MicroRow {
  task: string;
  meanMs: number;
  p99Ms: number;
  /** Relative margin of error, in percent. */
  rme: number;
  samples: number;
  error?: string;
}

/** What a chart builder sees of one scenario: its points and the run's target order and colours. */
export interface ScenarioContext {
  results: Results;
  scenario: string;
  title: string;
  points: Point[];
  targets: string[];
  colors: Map<string, string>;
}

/** What a section's chart builder sees: the run, its points, one context per scenario in run order, and the sizing tables. */
export interface SectionContext {
  results: Results;
  points: Point[];
  targets: string[];
  colors: Map<string, string>;
  /** Per scenario: every point (open-model ones included). */
  scenarios: ScenarioContext[];
  /** Per scenario: closed-model points only (C connections), for the charts whose x axis is connections. */
  closed: ScenarioContext[];
  sizing: SizingView;
}

/** The Sizing section's sentences and tables (sizing.ts), shared by the headline, HTML, Markdown and the chart. */
export interface SizingView {
  sentences: Array<{ scenario: string; sentence: string }>;
  capacity: TableView;
  predictions: TableView;
  bill: TableView;
}

/** A section as the model holds it: its entry in the registry and the charts it shows. */
export interface ShownSection {
  def: SectionDef;
  charts: ChartSpec[];
}

/**
 * Everything a report shows, built once per report from Results (model.ts: buildReportModel) and
 * handed to every renderer, so HTML, Markdown and the PNGs draw the same data without rebuilding it.
 */
export interface ReportData extends SectionContext {
  /** Every chart, grouped by section in registry order. */
  charts: ChartSpec[];
  headline: Headline;
  /** Every cell that is invalid, failed or carries a warning. */
  validity: TableView;
  /** Micro-benchmark rows (micro.json), empty when the run has none. */
  micro: MicroRow[];
}

/** The report's data and the sections it shows, in registry order, each with its charts. */
export interface ReportModel extends ReportData {
  sections: ShownSection[];
}

/**
 * One report section: an entry of the registry in sections.ts. HTML (html.ts) and Markdown
 * (markdown.ts) render every section through one loop; the PNGs are its charts.
 */
export interface SectionDef {
  id: SectionId;
  title: string;
  /** The label in the page's table of contents; the title when absent. */
  nav?: string;
  /** One paragraph under the title in the HTML. */
  intro?: string;
  /** The section's charts, in report order; scenarios in run order within it. */
  charts?(ctx: SectionContext): Array<ChartDraft | null>;
  /** Whether the section shows without charts (a section with a chart always shows). */
  present?(data: ReportData): boolean;
  /** HTML under the section's charts (tables, cards). */
  html?(data: ReportData): string;
  /** Markdown lines under the section's chart links in summary.md; a section with neither is left out there. */
  markdown?(data: ReportData): string[];
}

/** Each renderer takes the model writeReport built once; without one it builds its own from the results. */
export interface ModelOption {
  model?: ReportModel;
}

export interface HtmlOptions extends ModelOption {
  /** Source of chart.umd.js, inlined so the page works offline (the writer reads it). */
  chartJs: string;
  /** Micro-benchmark rows; ignored when a model is given (it carries its own). */
  micro?: MicroRow[];
  /** Shown in the footer; defaults to the run's end time, so output stays deterministic. */
  generatedAt?: string;
}

export interface PngOptions {
  /** CSS pixels; the PNG is devicePixelRatio times larger. */
  width?: number;
  height?: number;
  devicePixelRatio?: number;
}

export interface MarkdownOptions extends ModelOption {
  /** Folder of the PNGs relative to summary.md. */
  chartsDir?: string;
  /** Micro-benchmark rows; ignored when a model is given (it carries its own). */
  micro?: MicroRow[];
}
