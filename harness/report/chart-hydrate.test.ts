// The connections axis is ticked at the swept values (issue 23: a run at 16 and 64 connections
// showed ticks at 20 and 50), in the one hydrate function the browser and the PNGs both run.
import { describe, expect, it } from 'vitest';
import { buildCharts } from './charts.js';
import { HYDRATE_JS } from './chart-hydrate.js';
import { fixture } from './fixtures/load-fixture.js';

type Scale = { afterBuildTicks?: (axis: { ticks: Array<{ value: number }> }) => void; ticks: { callback: (v: number) => string | null } };
const hydrate = new Function(`${HYDRATE_JS}; return asyncbenchHydrate;`)() as (spec: unknown, env: unknown) => { options: { scales: Record<string, Scale> } };

describe('chart axes', () => {
  it('ticks the connections axis at the connections the run swept, and labels each', () => {
    const results = fixture();
    results.cells = results.cells.map((c) => ({ ...c, connections: c.connections === 10 ? 16 : 64 }));
    const chart = buildCharts(results).find((c) => c.id.startsWith('throughput-'))!;
    const x = hydrate(chart, { png: false }).options.scales.x!;
    const axis = { ticks: [{ value: 20 }, { value: 50 }] };
    x.afterBuildTicks!(axis);
    expect(axis.ticks.map((t) => t.value)).toEqual([16, 64]);
    expect([16, 64].map((v) => x.ticks.callback(v))).toEqual(['16', '64']);
  });
});
