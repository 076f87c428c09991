// The Provenance section's HTML: everything needed to judge and reproduce a run's figures, and
// what the load generator was and cost per cell. Every string from the run goes through escapeHtml.
import type { Results } from '../types.js';
import { escapeHtml as e, fmtCount, fmtDate, fmtPct, fmtWorkers } from './format.js';
import { tableHtml } from './html-sections.js';
import type { ReportData, TableView } from './types.js';

/** The Provenance section: the machine, versions, options and command line behind the figures. */
export function provenanceHtml({ results }: ReportData): string {
  const p = results.run.provenance;
  const o = results.run.options;
  const rows: Array<[string, string]> = [
    ['run', `${results.run.id} (${results.run.status})`],
    ['started', fmtDate(results.run.startedAt)],
    ['ended', fmtDate(results.run.endedAt)],
    ['machine', `${p.cpuModel}, ${p.cores} cores, ${p.memoryGiB} GiB RAM; ${p.os}`],
    ['shared cores', p.sharedCores],
    ['load model', p.loadModel],
    ['keep-alive', p.keepAlive],
    [
      'versions',
      Object.entries(p.versions)
        .map(([k, v]) => `${k} ${v ?? 'not installed'}`)
        .join(', '),
    ],
    ['git commit', p.gitCommit ?? 'unknown'],
    [
      'measurement',
      `${o.durationS} s per cell after ${o.warmupS} s warm-up, ${o.repeat} repeat(s), request timeout ${o.timeoutS} s, samplers every ${o.sampleIntervalMs} ms`,
    ],
    ['matrix', `workers ${o.workers.join(', ')}; connections ${o.connections.join(', ')}; ${results.cells.length} cells`],
    ['database', o.db],
    ['load engine', engines(results)],
    [
      'load generator',
      `${o.loadgenWorkers ?? 1} generator worker(s); generator CPUs ${o.loadgenCpus?.join(',') ?? 'shared with the server'}; server CPUs ${o.serverCpus?.join(',') ?? 'shared with the generator'}`,
    ],
  ];
  const kv = rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('\n');
  return `<div class="card"><dl class="kv">
${kv}
</dl>
<h3 style="margin-top:1rem">Command line</h3><pre>${e(results.run.commandLine.join(' '))}</pre>
${loadgenDetails(results)}
<details><summary>Resolved options (JSON)</summary><pre>${e(JSON.stringify(o, null, 2))}</pre></details>
</div>`;
}

function engines(results: Results): string {
  const used = [...new Set(results.cells.flatMap((c) => (c.engine ? [c.engine] : [])))];
  return used.length > 0 ? used.join(', ') : (results.run.options.engine ?? 'not recorded');
}

/** Per cell: what the load generator was and what it cost (issue 10 item 4). */
export function loadgenTable(results: Results): TableView {
  const rows = results.cells
    .filter((c) => c.loadgen || c.engine)
    .map((c) => {
      const g = c.loadgen;
      return {
        cells: [
          c.target,
          c.scenario,
          fmtWorkers(c.workers),
          c.open ? `${fmtCount(c.open.ratePerS)}/s (open)` : fmtCount(c.connections),
          c.engine ?? '–',
          fmtCount(g?.workers),
          g?.cpus?.join(',') ?? 'shared',
          g ? g.cpuPct.map((x) => (x === null ? '–' : fmtPct(x))).join(' · ') : '–',
          fmtCount(g?.reqPerCpuSecond === null || g?.reqPerCpuSecond === undefined ? null : Math.round(g.reqPerCpuSecond)),
        ],
        invalid: !c.valid,
      };
    });
  return {
    columns: [
      'target',
      'scenario',
      'workers',
      'connections',
      'engine',
      'generator workers',
      'generator CPUs',
      'CPU per worker',
      'requests per generator CPU-second',
    ],
    rows,
  };
}

function loadgenDetails(results: Results): string {
  const t = loadgenTable(results);
  return t.rows.length > 0
    ? `<details><summary>Load generator per cell (engine, workers, CPU, requests per CPU-second)</summary>${tableHtml(t)}</details>`
    : '';
}
