// Types of the report layer. The input contract is `Results` (harness/types.ts); these describe
// what the renderers build from it and the options they take.

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

export interface HtmlOptions {
  /** Source of chart.umd.js, inlined so the page works offline (the writer reads it). */
  chartJs: string;
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

export interface MarkdownOptions {
  /** Folder of the PNGs relative to summary.md. */
  chartsDir?: string;
}
