// `npm run bench:loadgen`: how fast is the generator itself? Drives nginx + echo (an independent
// server with a known ceiling) with asyncbench's engine (1 and 2 generator workers), the
// autocannon CLI and wrk, on the same endpoints in one run, and prints req/s, efficiency against
// the ceiling where there is one, and requests per generator CPU-second (which travels between
// machines). Every asyncbench response is still checked. Loopback only; each load is bounded.
//
//   npm run bench:loadgen -- [--duration 5] [--only hello,sleep1000,sleep2000] [--json out.json]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installExitHook, stopAll } from '../host/children.js';
import { launchTarget } from '../launcher/launcher.js';
import { freePort } from '../host/ports.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { nginxHello, nginxMissing, nginxSleep, nginxTarget } from './nginx.js';
import type { ScenarioDef } from '../types.js';
import { runLoad } from '../load/driver.js';

interface Load {
  id: string;
  label: string;
  scenario: ScenarioDef;
  path: string;
  connections: number;
  ceilingRps: number | null;
}

interface Row {
  load: string;
  tool: string;
  rps: number;
  meanMs: number | null;
  cpuS: number | null;
  reqPerCpuS: number | null;
  efficiency: number | null;
  note: string;
}

const LOADS: Load[] = [
  { id: 'hello', label: 'GET /hello, c=50', scenario: nginxHello, path: '/hello', connections: 50, ceilingRps: null },
  { id: 'sleep1000', label: '100 ms sleep, c=1000', scenario: nginxSleep, path: '/sleep', connections: 1000, ceilingRps: 10_000 },
  { id: 'sleep2000', label: '100 ms sleep, c=2000', scenario: nginxSleep, path: '/sleep', connections: 2000, ceilingRps: 20_000 },
];

/** Runs argv under /usr/bin/time, returning its stdout and the CPU seconds it used. */
function timed(argv: string[]): Promise<{ out: string; cpuS: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'CPU %U %S', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', () => {
      const m = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(err);
      resolve({ out: out + err, cpuS: m ? Number(m[1]) + Number(m[2]) : null });
    });
  });
}

async function ours(url: string, load: Load, workers: number, durationS: number): Promise<Row> {
  const o = await runLoad({
    baseUrl: url,
    scenario: load.scenario,
    params: {},
    connections: load.connections,
    warmupS: 1,
    durationS,
    timeoutS: 30,
    loadgenWorkers: workers,
  });
  const rps = o.counts.ok / o.windowS;
  const cpuS = o.loadgenWorkers.reduce((a, w) => a + ((w.cpuPct ?? 0) / 100) * o.windowS, 0);
  const bad = o.counts.non2xx + o.counts.verifyFailed + o.counts.timeouts + o.counts.connErrors;
  const busiest = Math.max(...o.loadgenWorkers.map((w) => w.cpuPct ?? 0));
  return {
    load: load.label,
    tool: `asyncbench, ${workers} generator worker${workers > 1 ? 's' : ''}`,
    rps,
    meanMs: o.latency.summary()?.mean ?? null,
    cpuS,
    reqPerCpuS: cpuS > 0 ? o.counts.ok / cpuS : null,
    efficiency: load.ceilingRps ? rps / load.ceilingRps : null,
    note: `every response checked (${bad} failed); busiest worker ${busiest.toFixed(0)}% CPU`,
  };
}

async function autocannonCli(url: string, load: Load, durationS: number): Promise<Row> {
  const bin = path.join(PACKAGE_ROOT, 'node_modules/autocannon/autocannon.js');
  const { out, cpuS } = await timed([process.execPath, bin, '-c', String(load.connections), '-d', String(durationS + 1), '-j', url + load.path]);
  const json = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as {
    requests: { total: number };
    duration: number;
    non2xx: number;
    latency: { average: number };
  };
  const rps = json.requests.total / json.duration;
  return {
    load: load.label,
    tool: 'autocannon 9 CLI',
    rps,
    meanMs: json.latency.average,
    cpuS,
    reqPerCpuS: cpuS ? json.requests.total / cpuS : null,
    efficiency: load.ceilingRps ? rps / load.ceilingRps : null,
    note: 'no body checks',
  };
}

async function wrk(url: string, load: Load, threads: number, durationS: number): Promise<Row> {
  const { out, cpuS } = await timed(['wrk', `-t${threads}`, `-c${load.connections}`, `-d${durationS + 1}s`, url + load.path]);
  const rps = Number(/Requests\/sec:\s*([\d.]+)/.exec(out)?.[1] ?? NaN);
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const lat = /Latency\s+([\d.]+)(us|ms|s)\b/.exec(out);
  const meanMs = lat ? Number(lat[1]) * (lat[2] === 'us' ? 0.001 : lat[2] === 's' ? 1000 : 1) : null;
  return {
    load: load.label,
    tool: `wrk 4.1, ${threads} thread${threads > 1 ? 's' : ''}`,
    rps,
    meanMs,
    cpuS,
    reqPerCpuS: cpuS ? total / cpuS : null,
    efficiency: load.ceilingRps ? rps / load.ceilingRps : null,
    note: 'no body checks',
  };
}

function table(rows: Row[]): string {
  const f = (n: number | null, d = 0) =>
    n === null || !Number.isFinite(n) ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines = [
    '| load | generator | req/s | vs autocannon CLI | efficiency | mean latency | generator CPU-s | req per CPU-s | note |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ac = rows.find((x) => x.load === r.load && x.tool.startsWith('autocannon'));
    lines.push(
      `| ${r.load} | ${r.tool} | ${f(r.rps)} | ${ac ? f(r.rps / ac.rps, 2) : '–'} | ${f(r.efficiency, 3)} | ${r.meanMs === null ? '–' : `${f(r.meanMs, 2)} ms`} | ${f(r.cpuS, 2)} | ${f(r.reqPerCpuS)} | ${r.note} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '5' }, only: { type: 'string' }, json: { type: 'string' } } });
  const durationS = Number(values.duration);
  const missing = nginxMissing();
  if (missing) throw new Error(missing);
  installExitHook();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncbench-loadgen-'));
  const server = await launchTarget({
    def: nginxTarget(),
    workers: 1,
    threads: 1,
    port: await freePort(),
    logFile: path.join(logDir, 'nginx.log'),
    readinessTimeoutMs: 10_000,
    projectRoot: PACKAGE_ROOT,
  });
  const rows: Row[] = [];
  try {
    const loads = values.only ? LOADS.filter((l) => values.only!.split(',').includes(l.id)) : LOADS;
    for (const load of loads) {
      process.stderr.write(`${load.label} …\n`);
      rows.push(await autocannonCli(server.url, load, durationS));
      rows.push(await ours(server.url, load, 1, durationS));
      rows.push(await ours(server.url, load, 2, durationS));
      rows.push(await wrk(server.url, load, 1, durationS));
    }
  } finally {
    await server.stop();
    await stopAll();
  }
  const cores = os.cpus().length;
  console.log(`nginx ${'1 worker'}, keep-alive; ${cores} cores shared by the generator and nginx; ${durationS} s per load (${os.cpus()[0]?.model ?? 'cpu'})\n`);
  console.log(table(rows));
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(rows, null, 2));
}

main().catch((e: Error) => {
  console.error(`bench:loadgen: ${e.message}`);
  process.exitCode = 1;
});
