// The Python side of a Locust worker's counting (runtime.py) against the TypeScript one: the same
// samples recorded in Python and merged here must equal one TS Tally that saw them all, so a
// merged Locust cell is exact, not an average of percentiles.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../stats/histogram.js';
import { Tally, type TallyWire } from '../tally.js';
import { PROJECT_ROOT } from '../../testing/fixtures.js';
import { mulberry32 } from '../../stats/bootstrap.js';

const PYTHON = path.join(PROJECT_ROOT, 'servers/django/.venv/bin/python');
const RUNTIME = path.join(PROJECT_ROOT, 'harness/load/locust/runtime.py');

interface Sample {
  at: number;
  ms: number;
  serverMs: number;
  pid: number;
  kind: 'ok' | 'non2xx' | 'timeout' | 'connError' | 'bad';
}

/** Runs runtime.py's Tally over each part's samples; returns one TallyWire per part. */
function pythonTallies(parts: Sample[][], window: [number, number], figures: Record<string, string> = {}): TallyWire[] {
  const script = `
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("rt", ${JSON.stringify(RUNTIME)})
rt = importlib.util.module_from_spec(spec); spec.loader.exec_module(rt)
job = json.load(sys.stdin)
out = []
for part in job["parts"]:
    t = rt.Tally(job["start"], job["end"], job["figures"])
    for s in part:
        k = s["kind"]
        if k == "ok": t.record("response", s["at"], s["ms"], status=200, ok=True, facts={"serverMs": s["serverMs"], "pid": s["pid"], "lag": s["ms"] / 2, "n": 1})
        elif k == "bad": t.record("response", s["at"], s["ms"], status=200, ok=False, failure="wrong body")
        elif k == "non2xx": t.record("response", s["at"], s["ms"], status=503)
        else: t.record(k, s["at"], s["ms"])
    out.append(t.wire())
print(json.dumps(out))
`;
  const input = JSON.stringify({ parts, start: window[0], end: window[1], figures });
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input, encoding: 'utf8', maxBuffer: 64 << 20 })) as TallyWire[];
}

function samples(n: number, seed: number, window: [number, number]): Sample[] {
  const rnd = mulberry32(seed);
  const kinds: Sample['kind'][] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'non2xx', 'timeout', 'connError', 'bad'];
  return Array.from({ length: n }, () => {
    // Latencies from 1 µs to 20 s, log-uniform, with fractional µs to exercise rounding.
    const ms = Math.exp(Math.log(0.001) + rnd() * (Math.log(20_000) - Math.log(0.001)));
    const span = window[1] - window[0];
    return {
      at: window[0] - 200 + rnd() * (span + 400),
      ms,
      serverMs: ms * rnd(),
      pid: 100 + Math.floor(rnd() * 4),
      kind: kinds[Math.floor(rnd() * kinds.length)] as Sample['kind'],
    };
  });
}

const PERCENTILES = Array.from({ length: 1001 }, (_, i) => i / 10);

function expectSameHistogram(a: LatencyHistogram, b: LatencyHistogram): void {
  expect(a.count).toBe(b.count);
  expect(a.summary()).toEqual(b.summary());
  for (const p of PERCENTILES) expect(a.percentileMs(p), `p${p}`).toBe(b.percentileMs(p));
}

describe('a Locust worker tally (runtime.py) merged in TypeScript', () => {
  it('decodes a Python-encoded histogram to the one TypeScript records from the same values', () => {
    const window: [number, number] = [1_000_000, 1_002_000];
    const part = samples(5000, 7, window).map((s) => ({ ...s, kind: 'ok' as const, at: window[0] + 1 }));
    const [wire] = pythonTallies([part], window);
    const ts = new LatencyHistogram();
    for (const s of part) ts.record(s.ms);
    expectSameHistogram(LatencyHistogram.decode(wire!.latency), ts);
  });

  it("equals the union of the workers' samples: counts kept apart, histograms, held requests and figures exact", () => {
    const window: [number, number] = [1_700_000_000_000.25, 1_700_000_002_000.25];
    const parts = [samples(3000, 1, window), samples(2000, 2, window), samples(10, 3, window)];
    const figures = { lag: 'histogram', n: 'sum' } as const;
    const wires = pythonTallies(parts, window, figures);
    const merged = new Tally(window[0], window[1], {
      lag: { kind: 'histogram', title: 'lag', unit: 'ms', description: '' },
      n: { kind: 'sum', title: 'n', unit: 'requests', description: '' },
    });
    for (const w of wires) merged.mergeWire(w);

    const all = new Tally(window[0], window[1], {
      lag: { kind: 'histogram', title: 'lag', unit: 'ms', description: '' },
      n: { kind: 'sum', title: 'n', unit: 'requests', description: '' },
    });
    for (const s of parts.flat()) {
      if (s.kind === 'ok')
        all.record({
          kind: 'response',
          status: 200,
          ok: true,
          arrivedAtMs: s.at,
          latencyMs: s.ms,
          facts: { serverMs: s.serverMs, pid: s.pid, lag: s.ms / 2, n: 1 },
        });
      else if (s.kind === 'bad') all.record({ kind: 'response', status: 200, ok: false, failure: 'wrong body', arrivedAtMs: s.at, latencyMs: s.ms });
      else if (s.kind === 'non2xx') all.record({ kind: 'response', status: 503, arrivedAtMs: s.at, latencyMs: s.ms });
      else all.record({ kind: s.kind, arrivedAtMs: s.at, latencyMs: s.ms });
    }
    expect(merged.counts).toEqual(all.counts);
    expect(Object.values(merged.counts).every((c) => c > 0)).toBe(true);
    expectSameHistogram(merged.latency, all.latency);
    expectSameHistogram(merged.serverMs, all.serverMs);
    expect(merged.held.result()).toEqual(all.held.result());
    expect(merged.queueMsMean).toBeCloseTo(all.queueMsMean as number, 6);
    expect(merged.figures()).toEqual(all.figures());
    expect(merged.pids).toEqual(all.pids);
    expect(merged.keepAlive).toBe(true);
  });
});
