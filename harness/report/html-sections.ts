// HTML of the report's text sections, each the body of one registry section (sections.ts) under its
// charts; the headline and provenance have their own files. Every string from the run goes through escapeHtml.
import type { Results } from '../types.js';
import { escapeHtml as e } from './format.js';
import { sideOf } from './points.js';
import { microTable } from './table-views.js';
import type { ReportData, TableView } from './types.js';

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

/** Each target's own notes (TargetDef.notes), under the resources charts. */
export function targetNotesHtml({ results }: ReportData): string {
  const items = results.targets.flatMap((t) => (t.notes ?? []).map((n) => `<li><b>${e(t.name)}</b>: ${e(n)}</li>`));
  return items.length ? `<div class="card"><h3>About these targets' resources</h3><ul>${items.join('')}</ul></div>` : '';
}

export const microHtml = (d: ReportData): string => `<div class="card">${tableHtml(microTable(d.micro))}</div>`;

/** What each scenario asks of a server, and how each target serves it. */
export function scenariosHtml({ results }: ReportData): string {
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
  return `${scn}
${tgt}
`;
}

/** Under the errors chart: the validity table and the server log tails. */
export function errorsExtra({ results, validity: v }: ReportData): string {
  const failed = results.cells.filter((c) => c.requests.non2xx + c.requests.timeouts + c.requests.connErrors + c.requests.verifyFailed > 0).length;
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

/** Under the sizing chart: the sentences, the capacity table, the predictions and the bill. */
export function sizingHtml({ sizing }: ReportData): string {
  const sentences = sizing.sentences.map((x) => `<li>${e(x.sentence)}</li>`).join('\n');
  const card = (title: string, t: TableView, note = '') =>
    t.rows.length
      ? `<div class="card"><h3>${e(title)}</h3>${note ? `<p class="note">${e(note)}</p>` : ''}${tableHtml(t, ['probes (✓ met, ✕ missed; samples)', 'how', 'verified', 'figures'])}</div>`
      : '';
  return `${sentences ? `<ul class="sizing">\n${sentences}\n</ul>` : ''}
${card('Capacity at the goal', sizing.capacity, 'A row marked ✕ met the goal at no probed rate. "Failed at": the lowest probed rate above it that missed; the answer lies between the two. Samples: the requests the goal\'s percentile speaks for (failed ones counted as slowest); a probe runs until it has 10 beyond the percentile (1,000 for p99). A failure next to a pass runs once more ("again") before the search goes below it.')}
${card('Workers needed', sizing.predictions)}
${card('The bill: processes, threads and memory', sizing.bill, 'Measured at each worker count at its capacity rate (per-process RSS from /proc); predicted counts from a line fitted to the measured ones: a fixed part plus RSS per worker.')}`;
}
