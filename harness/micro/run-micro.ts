// Runs the micro-benchmark tasks with tinybench. Failures are results: an errored task is a row
// with its error, never swallowed, and never fatal to the other tasks.
import { Bench } from 'tinybench';
import type { MicroRow as ReportMicroRow } from '../report/types.js';
import { buildTasks, type MicroTask } from './tasks.js';

/** The report's micro-benchmark row, plus its group and outcome. */
export interface MicroRow extends ReportMicroRow {
  group: string;
  state: 'completed' | 'errored';
}

export interface MicroResult {
  startedAt: string;
  node: string;
  /** tinybench's time budget per task, ms. */
  timeMs: number;
  rows: MicroRow[];
}

export interface MicroOptions {
  /** Time budget per task, ms (default 500). */
  timeMs?: number;
  /** Replaces the built-in tasks (tests, or measuring one thing). */
  tasks?: MicroTask[];
  /** Added after the built-in tasks: the hook for other modules' benchmarks (e.g. reportTasks()). */
  extraTasks?: MicroTask[];
}

function rowOf(bench: Bench, t: MicroTask): MicroRow {
  const base = { task: t.name, group: t.group, meanMs: NaN, p99Ms: NaN, rme: NaN, samples: 0 };
  const r = bench.getTask(t.name)?.result;
  if (!r) return { ...base, state: 'errored', error: 'not run' };
  if (r.state === 'errored') return { ...base, state: 'errored', error: String(r.error?.message ?? r.error) };
  if (!('latency' in r)) return { ...base, state: 'errored', error: `tinybench state ${r.state}` };
  return { ...base, state: 'completed', meanMs: r.latency.mean, p99Ms: r.latency.p99 ?? NaN, rme: r.latency.rme, samples: r.latency.samplesCount };
}

export async function runMicro(opts: MicroOptions = {}): Promise<MicroResult> {
  const timeMs = opts.timeMs ?? 500;
  const set = opts.tasks ? { tasks: opts.tasks, close: async () => {} } : await buildTasks();
  const tasks = [...set.tasks, ...(opts.extraTasks ?? [])];
  const dup = tasks.find((t, i) => tasks.findIndex((u) => u.name === t.name) !== i);
  if (dup) throw new Error(`two micro-benchmark tasks are named "${dup.name}": tinybench keys tasks by name; rename one`);
  // servers/node's DB pool threads are unref'd (they never keep a server alive): hold the loop open.
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const bench = new Bench({ time: timeMs, warmupTime: Math.min(100, timeMs / 5) });
    for (const t of tasks) bench.add(t.name, t.fn);
    const startedAt = new Date().toISOString();
    await bench.run();
    return { startedAt, node: process.version, timeMs, rows: tasks.map((t) => rowOf(bench, t)) };
  } finally {
    clearInterval(keepAlive);
    await set.close();
  }
}

const fmt = (ms: number) =>
  Number.isNaN(ms) ? '-' : ms >= 1 ? `${ms.toFixed(2)} ms` : ms >= 0.001 ? `${(ms * 1000).toFixed(2)} µs` : `${(ms * 1e6).toFixed(0)} ns`;

/** The terminal table: task, mean, p99, rme, samples; errored tasks show their error. Pure. */
export function renderMicroTable(result: MicroResult): string {
  const head = ['task', 'mean', 'p99', 'rme', 'samples'];
  const rows = result.rows.map((r) =>
    r.error !== undefined ? [r.task, `ERROR: ${r.error}`, '', '', '0'] : [r.task, fmt(r.meanMs), fmt(r.p99Ms), `±${r.rme.toFixed(2)}%`, String(r.samples)],
  );
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((v, i) => (i === 0 ? v.padEnd(w[i] as number) : v.padStart(w[i] as number))).join('  ');
  const errored = result.rows.filter((r) => r.state === 'errored').length;
  const foot = `${result.rows.length} tasks, ${errored} errored; node ${result.node}, ${result.timeMs} ms per task`;
  return [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line), '', foot].join('\n');
}
