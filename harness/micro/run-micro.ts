// Runs micro-benchmark tasks with tinybench. Failures are results: an errored task is reported
// with its error, never swallowed.
import { Bench } from 'tinybench';
import type { MicroRow as ReportMicroRow } from '../report/types.js';
import type { MicroTask } from './tasks.js';

/** The report's micro-benchmark row, plus the group a task belongs to. */
export interface MicroRow extends ReportMicroRow {
  group: string;
}

export interface MicroResult {
  startedAt: string;
  node: string;
  timeMs: number;
  rows: MicroRow[];
}

export async function runMicro(tasks: MicroTask[], opts: { timeMs?: number } = {}): Promise<MicroResult> {
  const timeMs = opts.timeMs ?? 500;
  const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs / 5) });
  for (const t of tasks) bench.add(t.name, t.fn);
  const startedAt = new Date().toISOString();
  await bench.run();
  const rows = tasks.map((t): MicroRow => {
    const r = bench.getTask(t.name)?.result;
    if (!r || r.state === 'errored') {
      return { task: t.name, group: t.group, meanMs: NaN, p99Ms: NaN, rme: NaN, samples: 0, error: r && 'error' in r ? String(r.error?.message ?? r.error) : 'not run' };
    }
    if (!('latency' in r)) return { task: t.name, group: t.group, meanMs: NaN, p99Ms: NaN, rme: NaN, samples: 0, error: `state ${r.state}` };
    return { task: t.name, group: t.group, meanMs: r.latency.mean, p99Ms: r.latency.p99, rme: r.latency.rme, samples: r.latency.samplesCount };
  });
  return { startedAt, node: process.version, timeMs, rows };
}

const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms >= 1 ? `${ms.toFixed(2)} ms` : ms >= 0.001 ? `${(ms * 1000).toFixed(2)} µs` : `${(ms * 1e6).toFixed(0)} ns`);

/** The terminal table: task, mean, p99, rme, samples; errored tasks show their error. Pure. */
export function renderMicroTable(result: MicroResult): string {
  const head = ['task', 'mean', 'p99', 'rme', 'samples'];
  const rows = result.rows.map((r) => (r.error ? [r.task, `ERROR: ${r.error}`, '', '', '0'] : [r.task, fmt(r.meanMs), fmt(r.p99Ms), `±${r.rme.toFixed(2)}%`, String(r.samples)]));
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(w[i] as number) : v.padStart(w[i] as number))).join('  ');
  return [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}
