// The same chart specs as the HTML, drawn by Chart.js on node-canvas: one PNG per chart, white
// background, 2× scale. Returns buffers; write.ts puts them in charts/<id>.png.
import { createCanvas } from 'canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import type { Results } from '../types.js';
import { HYDRATE_JS, WHITE_BACKGROUND_JS } from './chart-hydrate.js';
import { modelFor } from './model.js';
import type { ChartSpec, ModelOption, PngOptions } from './types.js';

Chart.register(...registerables);

// The browser and node-canvas run the very same hydrate source (see chart-hydrate.ts).
const { hydrate, background } = new Function(
  `${HYDRATE_JS}\n${WHITE_BACKGROUND_JS}\nreturn { hydrate: asyncbenchHydrate, background: asyncbenchWhiteBackground };`,
)() as {
  hydrate: (spec: ChartSpec, env: { png: boolean; dpr?: number }) => ChartConfiguration;
  background: Plugin;
};

export interface PngChart {
  id: string;
  /** Relative to the run directory. */
  file: string;
  png: Buffer;
}

const DEFAULTS = { width: 960, height: 560, devicePixelRatio: 2 };

export function renderChartPng(spec: ChartSpec, options: PngOptions = {}): Buffer {
  const o = { ...DEFAULTS, ...options };
  const canvas = createCanvas(o.width, o.height);
  Chart.defaults.font.family = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
  Chart.defaults.font.size = 13;
  Chart.defaults.color = '#1f2937';
  const config = hydrate(spec, { png: true, dpr: o.devicePixelRatio });
  config.plugins = [...(config.plugins ?? []), background];
  // Chart.js accepts any object with getContext('2d'); node-canvas provides one.
  const chart = new Chart(canvas as unknown as HTMLCanvasElement, config);
  try {
    return canvas.toBuffer('image/png');
  } finally {
    chart.destroy();
  }
}

/** One PNG per chart of the report model (given, or built from the results). */
export function renderPngs(results: Results, options: PngOptions & ModelOption = {}): PngChart[] {
  const { model: _model, ...size } = options;
  return modelFor(results, options).charts.map((spec) => ({ id: spec.id, file: `charts/${spec.id}.png`, png: renderChartPng(spec, size) }));
}

export { renderPngs as render };
