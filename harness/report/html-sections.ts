// HTML of the report's text sections. Every string from the run goes through escapeHtml.
import type { Results } from '../types.js';
import { escapeHtml as e, fmtCount, fmtDate, fmtMs, fmtPct, fmtRatioPct, fmtRps, fmtTimes, fmtWorkers } from './format.js';
import type { Headline, HeadlinePair } from './headline.js';
import { buildPoints, sideOf, sortPoints, targetOrder } from './points.js';
import { billTable, capacityTable, predictionsTable, sizingSentences } from './sizing.js';
import type { MicroRow, TableView } from './types.js';

export function tableHtml(t: TableView, wideColumns: string[] = ['validity', 'error', 'what happened']): string {
  const wide = new Set(t.columns.map((c, i) => (wideColumns.includes(c) ? i : -1)).filter((i) => i >= 0));
  const head = t.columns.map((c) => `<th scope="col">${e(c)}</th>`).join('');
  const body = t.rows
    .map((r) => {
      const cells = r.cells
        .map((c, i) => `<td${wide.has(i) ? ' class="wide"' : ''}>${i === 0 && r.invalid ? '<span class="mark" title="invalid">✕</span> ' : ''}${e(c)}</td>`)
        .join('');
      return `<tr${r.invalid ? ' class="invalid"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Threads of the server's process tree, and per connection: an event loop should need few. */
export function threadsText(threads: number | null, connections: number): string {
  if (threads === null) return '–';
  return `${fmtCount(threads)} (${(threads / Math.max(1, connections)).toFixed(2)}/conn)`;
}

const cpuText = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? '–' : `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`);

/** Each target's own notes (TargetDef.notes), under the resources charts. */
export function targetNotesHtml(results: Results): string {
  const items = results.targets.flatMap((t) => (t.notes ?? []).map((n) => `<li><b>${e(t.name)}</b>: ${e(n)}</li>`));
  return items.length ? `<div class="card"><h3>About these targets' resources</h3><ul>${items.join('')}</ul></div>` : '';
}

const countCell = (n: number, of: number) => `${fmtCount(n)} of ${fmtCount(of)}`;

function verdictCard(p: HeadlinePair): string {
  const eff = (x: number | null) => (x === null ? '–' : fmtRatioPct(x));
  return `<article class="verdict" data-scenario="${e(p.scenario)}">
<p class="scn">${e(p.scenarioTitle)}${p.variant ? ` <small>${e(p.variant)}</small>` : ''}</p>
<p class="ratio">${e(fmtTimes(p.ratio))}<small>the throughput</small></p>
<p class="pair"><span class="a">${e(p.asyncTarget)}</span> vs <span class="s">${e(p.syncTarget)}</span></p>
<dl><dt></dt><dd><b>async</b></dd><dd><b>sync</b></dd>
<dt>req/s</dt><dd>${e(fmtRps(p.asyncRps))}</dd><dd>${e(fmtRps(p.syncRps))}</dd>
<dt>p99</dt><dd>${e(fmtMs(p.asyncP99Ms))}</dd><dd>${e(fmtMs(p.syncP99Ms))}</dd>
<dt>of ceiling</dt><dd>${e(eff(p.asyncEfficiency))}</dd><dd>${e(eff(p.syncEfficiency))}</dd>
<dt>threads</dt><dd>${e(threadsText(p.asyncThreads, p.connections))}</dd><dd>${e(threadsText(p.syncThreads, p.connections))}</dd>
<dt>CPU / request</dt><dd>${e(cpuText(p.asyncCpuMsPerRequest))}</dd><dd>${e(cpuText(p.syncCpuMsPerRequest))}</dd>${p.counts
    .map(
      (c) =>
        `\n<dt>${e(c.title.toLowerCase())}</dt><dd${c.async > 0 ? ' class="bad"' : ''}>${e(countCell(c.async, c.asyncOf))}</dd><dd${c.sync > 0 ? ' class="bad"' : ''}>${e(countCell(c.sync, c.syncOf))}</dd>`,
    )
    .join('')}</dl>
<p class="sentence">${e(p.sentence)}</p>
</article>`;
}

export function headlineSection(results: Results, h: Headline): string {
  const cards = h.pairs.map(verdictCard).join('\n');
  const gaps = h.gaps
    .map((g) => `<li>${e(g.scenarioTitle)}: ${e(g.asyncTarget)}${g.syncTarget ? ` vs ${e(g.syncTarget)}` : ''}: no headline (${e(g.reason)}).</li>`)
    .join('\n');
  const sizing = sizingSentences(results)
    .map((x) => `<li>${e(x.sentence)}</li>`)
    .join('\n');
  const capacityOnly = h.pairs.length === 0 && (results.capacity?.length ?? 0) > 0 && !results.cells.some((c) => !c.open);
  const none = capacityOnly
    ? '<p>This run is a capacity search (--slo) with no closed-model cells, so its answer is the sizing below, not a throughput ratio.</p>'
    : h.pairs.length === 0
      ? '<p><b>No valid async/sync pair in this run</b>, so there is no headline figure. The charts below show every cell, invalid ones marked.</p>'
      : '';
  return `<section id="headline" class="wrap"><h2>Headline</h2>
${none}<div class="answer">
${cards}
</div>
<p class="note">${e(h.rule)} ${e(capitalize(results.run.provenance.sharedCores))}.</p>
${gaps ? `<ul class="gaps">\n${gaps}\n</ul>` : ''}
${sizing ? `<div class="card"><h3>Sizing: workers at the latency goal</h3><ul>\n${sizing}\n</ul><p class="note">See <a href="#sizing">Sizing</a> for the capacity table and the bill.</p></div>` : ''}
</section>`;
}

/** Every cell that is invalid, failed, or carries a warning, with its reasons. */
export function validityTable(results: Results): TableView {
  const targets = targetOrder(results);
  const rows = sortPoints(buildPoints(results), targets)
    .filter((p) => !p.valid || p.warnings.length > 0)
    .sort((a, b) => a.scenario.localeCompare(b.scenario))
    .map((p) => ({
      cells: [
        p.scenario,
        p.target,
        fmtWorkers(p.workers),
        fmtCount(p.connections),
        p.cell.status,
        p.valid ? 'valid, with a warning' : 'invalid',
        [...p.reasons, ...p.warnings.map((w) => `warning: ${w}`)].join('; '),
      ],
      invalid: !p.valid,
    }));
  return { columns: ['scenario', 'target', 'workers', 'connections', 'status', 'verdict', 'what happened'], rows };
}

export function microSection(rows: MicroRow[]): string {
  const t: TableView = {
    columns: ['task', 'mean', 'p99', '± (rme)', 'samples', 'error'],
    rows: rows.map((r) => ({
      cells: [r.task, fmtMs(r.meanMs), fmtMs(r.p99Ms), `±${fmtPct(r.rme)}`, fmtCount(r.samples), r.error ?? ''],
      invalid: Boolean(r.error),
    })),
  };
  return `<section id="micro" class="wrap"><h2>Micro-benchmarks</h2>
<p class="intro">In-process timings of single operations (tinybench), without the network or a load generator.</p>
<div class="card">${tableHtml(t)}</div></section>`;
}

export function scenariosSection(results: Results): string {
  const scn = results.scenarios
    .map((s) => {
      const params = Object.entries(s.params)
        .map(([k, v]) => `<code>${e(k)}=${e(String(v))}</code>`)
        .join(' ');
      return `<div class="card"><h3>${e(s.title)} <span class="note">(<code>${e(s.id)}</code>)</span></h3><p>${e(s.explanation)}</p><p class="note">Parameters: ${params || 'none'}</p></div>`;
    })
    .join('\n');
  const tgt = results.targets
    .map((t) => {
      const limits = Object.entries(t.limitNotes)
        .map(([k, v]) => `<li><code>${e(k)}</code>: ${e(v)}</li>`)
        .join('');
      const side = sideOf(results, t.name);
      return `<div class="card"><h3><code>${e(t.name)}</code> <span class="chip ${side ?? ''}" style="background:#fff;color:inherit">${e(side ?? 'unknown')} · ${e(t.model ?? 'model unknown')}${t.threads ? ` × ${t.threads} threads` : ''}</span></h3>
<p>${e(t.description)}</p>${limits ? `<ul class="note">${limits}</ul>` : ''}${t.command ? `<pre>${e(t.command.join(' '))}</pre>` : ''}</div>`;
    })
    .join('\n');
  return `<section id="scenarios" class="wrap"><h2>Scenarios and targets</h2>
<p class="intro">What each scenario asks of a server, and how each target serves it. The ceiling of every cell follows Little's law: requests that can make progress at once ÷ the time each one takes.</p>
${scn}
${tgt}
</section>`;
}

export function provenanceSection(results: Results): string {
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
    ['node', p.node],
    ['autocannon', p.autocannon],
    ['python', p.python ?? 'not used'],
    ['django', p.django ?? 'not used'],
    ['gunicorn', p.gunicorn ?? 'not used'],
    ['uvicorn', p.uvicorn ?? 'not used'],
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
  return `<section id="provenance" class="wrap"><h2>Provenance</h2>
<p class="intro">Everything needed to judge and reproduce these figures.</p>
<div class="card"><dl class="kv">
${kv}
</dl>
<h3 style="margin-top:1rem">Command line</h3><pre>${e(results.run.commandLine.join(' '))}</pre>
${loadgenDetails(results)}
<details><summary>Resolved options (JSON)</summary><pre>${e(JSON.stringify(o, null, 2))}</pre></details>
</div></section>`;
}

/** Under the errors chart: the validity table and the server log tails. */
export function errorsExtra(results: Results): string {
  const failed = results.cells.filter((c) => c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed > 0).length;
  const v = validityTable(results);
  const none = failed === 0 ? '<p>No failed requests in any cell.</p>' : '';
  const table = v.rows.length
    ? `<div class="card"><h3>Cells that are invalid, failed, or carry a warning</h3>${tableHtml(v)}${logTails(results)}</div>`
    : '<p>Every cell passed every validity check.</p>';
  return `${none}${table}`;
}

function logTails(results: Results): string {
  const withLogs = results.cells.filter((c) => c.error?.logTail?.length);
  return withLogs
    .map(
      (c) =>
        `<details><summary>Server log tail: ${e(c.target)} · ${e(c.scenario)} · ${c.workers ?? '?'} workers · ${c.connections} connections</summary><pre>${e((c.error?.logTail ?? []).join('\n'))}</pre></details>`,
    )
    .join('\n');
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

/** Under the sizing chart: the sentences, the capacity table, the predictions and the bill. */
export function sizingHtml(results: Results): string {
  const sentences = sizingSentences(results)
    .map((x) => `<li>${e(x.sentence)}</li>`)
    .join('\n');
  const card = (title: string, t: TableView, note = '') =>
    t.rows.length
      ? `<div class="card"><h3>${e(title)}</h3>${note ? `<p class="note">${e(note)}</p>` : ''}${tableHtml(t, ['probes (✓ met, ✕ missed; samples)', 'how', 'verified', 'figures'])}</div>`
      : '';
  return `${sentences ? `<ul class="sizing">\n${sentences}\n</ul>` : ''}
${card('Capacity at the goal', capacityTable(results), 'A row marked ✕ met the goal at no probed rate. "Failed at": the lowest probed rate above it that missed; the answer lies between the two. Samples: the requests the goal\'s percentile speaks for (failed ones counted as slowest); a probe runs until it has 10 beyond the percentile (1,000 for p99). A failure next to a pass runs once more ("again") before the search goes below it.')}
${card('Workers needed', predictionsTable(results))}
${card('The bill: processes, threads and memory', billTable(results), 'Measured at each worker count at its capacity rate (per-process RSS from /proc); predicted counts from a line fitted to the measured ones: a fixed part plus RSS per worker.')}`;
}
