// The answer in one sentence per scenario: each async target against its sync counterpart, from
// valid cells only. Pure; every renderer shows the same headline.
import type { CellResult, Results } from '../types.js';
import { fmtCount, fmtMs, fmtRps, fmtTimes, fmtWorkers } from './format.js';
import { buildPoints, familyOf, scenarioOrder, scenarioTitle, sideOf, targetOrder, type Point } from './points.js';
import { pairingNotes } from './pairing.js';

export interface HeadlinePair {
  scenario: string;
  scenarioTitle: string;
  asyncTarget: string;
  syncTarget: string;
  workers: number | null;
  connections: number;
  asyncRps: number;
  syncRps: number;
  /** asyncRps ÷ syncRps; null when the sync side served nothing. */
  ratio: number | null;
  asyncP99Ms: number;
  syncP99Ms: number;
  asyncEfficiency: number | null;
  syncEfficiency: number | null;
  /** Threads of the whole server process tree, and server CPU per answered request (ms). */
  asyncThreads: number | null;
  syncThreads: number | null;
  asyncCpuMsPerRequest: number | null;
  syncCpuMsPerRequest: number | null;
  /**
   * The scenario's own latency-like figures (its histogram FigureSpecs), async p99 against sync:
   * where throughput ties (long-poll answers every connection once per event in either model),
   * the cost of sync shows here, e.g. delivery lag.
   */
  figures: Array<{ title: string; asyncP99: number; syncP99: number }>;
  /**
   * The scenario's count figures (its sum FigureSpecs in requests) where either side counted any,
   * against the requests each side answered: a stream that did not stream is named, not hidden
   * behind a throughput ratio.
   */
  counts: Array<{ title: string; async: number; asyncOf: number; sync: number; syncOf: number }>;
  /** Worker processes that answered on each side, when fewer than the cell asked for (the workers-idle warning); else null. */
  asyncWorkersAnswered: number | null;
  syncWorkersAnswered: number | null;
  /** The scenario's string parameters (a mode, a client: what the cells ran), e.g. "mode=sensitive"; null when none. */
  variant: string | null;
  sentence: string;
}

export interface HeadlineGap {
  scenario: string;
  scenarioTitle: string;
  asyncTarget: string;
  syncTarget: string | null;
  /** Why there is no headline for this pair, as a sentence. */
  reason: string;
}

export interface Headline {
  pairs: HeadlinePair[];
  gaps: HeadlineGap[];
  /** How the compared point was chosen, for the report to say. */
  rule: string;
  /** Why each target was or was not paired: its side and family, and where each came from (report/pairing.ts). */
  pairing?: string[];
}

export const HEADLINE_RULE =
  'Each async target is compared with its sync counterpart (same family) at the same workers and connections: the most workers both ran validly, then the most connections at that worker count. Invalid cells never enter a headline.';

const workersPhrase = (w: number | null) => (w === null ? 'unknown workers' : `${fmtCount(w)} ${w === 1 ? 'worker' : 'workers'}`);

export function verdictSentence(p: Omit<HeadlinePair, 'sentence'>): string {
  const served =
    p.ratio === null
      ? `${p.asyncTarget} served ${fmtRps(p.asyncRps)} req/s and ${p.syncTarget} none`
      : `${p.asyncTarget} served ${fmtTimes(p.ratio)} the requests of ${p.syncTarget} (${fmtRps(p.asyncRps)} vs ${fmtRps(p.syncRps)} req/s)`;
  const figures = p.figures.map((f) => `; ${f.title.toLowerCase()} p99 ${fmtMs(f.asyncP99)} vs ${fmtMs(f.syncP99)}`).join('');
  const counts = p.counts.map((c) => `; ${c.title.toLowerCase()}: ${countOf(c.async, c.asyncOf)} vs ${countOf(c.sync, c.syncOf)}`).join('');
  const variant = p.variant ? ` (${p.variant})` : '';
  const idle = [
    [p.asyncTarget, p.asyncWorkersAnswered],
    [p.syncTarget, p.syncWorkersAnswered],
  ]
    .filter(([, n]) => n !== null)
    .map(([t, n]) => `; only ${fmtCount(n as number)} of ${fmtCount(p.workers)} ${t} workers answered`)
    .join('');
  return `At ${fmtCount(p.connections)} connections with ${workersPhrase(p.workers)}${variant}, ${served}; p99 ${fmtMs(p.asyncP99Ms)} vs ${fmtMs(p.syncP99Ms)}${figures}${counts}${idle}.`;
}

const countOf = (n: number, of: number) => (n === 0 ? 'none' : n === of ? `all ${fmtCount(of)} responses` : `${fmtCount(n)} of ${fmtCount(of)} responses`);

const answered = (c: CellResult) => (c.validity.some((v) => v.code === 'workers-idle') ? c.workerPids : null);

/** The string parameters of a cell, "key=value" joined: they name what variant of the scenario ran. */
export function variantOf(params: CellResult['params'] | undefined): string | null {
  const parts = Object.entries(params ?? {})
    .filter(([, v]) => typeof v === 'string')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? parts.join(', ') : null;
}

/**
 * Both cells' figures that the scenario declares (results.scenarios[].figures), in one pass: the
 * p99 of each histogram in ms, and each count in requests that either side counted.
 */
function scenarioFigures(results: Results, scenario: string, a: CellResult, s: CellResult): Pick<HeadlinePair, 'figures' | 'counts'> {
  const specs = results.scenarios.find((x) => x.id === scenario)?.figures ?? {};
  const out: Pick<HeadlinePair, 'figures' | 'counts'> = { figures: [], counts: [] };
  for (const [name, spec] of Object.entries(specs)) {
    const fa = a.figures?.[name];
    const fs = s.figures?.[name];
    if (spec.kind === 'histogram' && spec.unit === 'ms' && fa?.kind === 'histogram' && fs?.kind === 'histogram' && fa.count > 0 && fs.count > 0) {
      out.figures.push({ title: spec.title, asyncP99: fa.p99, syncP99: fs.p99 });
    } else if (spec.kind === 'sum' && spec.unit === 'requests' && fa?.kind === 'sum' && fs?.kind === 'sum' && (fa.total > 0 || fs.total > 0)) {
      out.counts.push({ title: spec.title, async: fa.total, asyncOf: a.requests.ok, sync: fs.total, syncOf: s.requests.ok });
    }
  }
  return out;
}

/** Picks the compared point of one pair from valid points, or says why there is none. */
function pairUp(all: Point[], valid: Point[], scenario: string, a: string, s: string): { a: Point; s: Point } | string {
  const key = (p: Point) => `${fmtWorkers(p.workers)}|${p.connections}`;
  const va = valid.filter((p) => p.target === a);
  const vs = new Map(valid.filter((p) => p.target === s).map((p) => [key(p), p]));
  const common = va.filter((p) => vs.has(key(p)));
  if (common.length === 0) {
    const ranA = all.some((p) => p.target === a);
    const ranS = all.some((p) => p.target === s);
    if (!ranA || !ranS) return `${ranA ? s : a} did not run ${scenario}`;
    const bad = all.filter((p) => (p.target === a || p.target === s) && !p.valid).length;
    return `no worker and connection count where both ${a} and ${s} have a valid cell${bad ? ` (${bad} of their cells are invalid or failed)` : ''}`;
  }
  common.sort((x, y) => (y.workers ?? 0) - (x.workers ?? 0) || y.connections - x.connections);
  const best = common[0] as Point;
  return { a: best, s: vs.get(key(best)) as Point };
}

/** The headline of a run; `points` are its buildPoints(results) when the caller has them already. */
export function buildHeadline(results: Results, points: Point[] = buildPoints(results)): Headline {
  // Closed-model cells only: open-model (rate) cells answer the sizing question, in their own section.
  const all = points.filter((p) => p.ratePerS === null);
  const valid = buildPoints(results, true).filter((p) => p.ratePerS === null);
  const targets = targetOrder(results);
  const pairs: HeadlinePair[] = [];
  const gaps: HeadlineGap[] = [];
  for (const scenario of scenarioOrder(results)) {
    const title = scenarioTitle(results, scenario);
    const ran = targets.filter((t) => all.some((p) => p.scenario === scenario && p.target === t));
    for (const a of ran.filter((t) => sideOf(results, t) === 'async')) {
      const family = familyOf(results, a);
      const counterparts = family === null ? [] : ran.filter((t) => sideOf(results, t) === 'sync' && familyOf(results, t) === family);
      if (counterparts.length === 0) {
        gaps.push({
          scenario,
          scenarioTitle: title,
          asyncTarget: a,
          syncTarget: null,
          reason:
            family === null
              ? `${a} declares no family, so it has no counterpart to pair with (give it "family" and "views" in the config)`
              : `${a} has no sync counterpart of family ${family} in this run`,
        });
      }
      for (const s of counterparts) {
        const picked = pairUp(
          all.filter((p) => p.scenario === scenario),
          valid.filter((p) => p.scenario === scenario),
          scenario,
          a,
          s,
        );
        if (typeof picked === 'string') {
          gaps.push({ scenario, scenarioTitle: title, asyncTarget: a, syncTarget: s, reason: picked });
          continue;
        }
        const ca = picked.a.cell;
        const cs = picked.s.cell;
        const base = {
          scenario,
          scenarioTitle: title,
          asyncTarget: a,
          syncTarget: s,
          workers: picked.a.workers,
          connections: picked.a.connections,
          asyncRps: ca.rps,
          syncRps: cs.rps,
          ratio: cs.rps > 0 ? ca.rps / cs.rps : null,
          asyncP99Ms: ca.latencyMs?.p99 ?? Number.NaN,
          syncP99Ms: cs.latencyMs?.p99 ?? Number.NaN,
          asyncEfficiency: ca.efficiency,
          syncEfficiency: cs.efficiency,
          asyncThreads: ca.resources.threads,
          syncThreads: cs.resources.threads,
          asyncCpuMsPerRequest: ca.cpuMsPerRequest ?? null,
          syncCpuMsPerRequest: cs.cpuMsPerRequest ?? null,
          ...scenarioFigures(results, scenario, ca, cs),
          variant: variantOf(ca.params),
          asyncWorkersAnswered: answered(ca),
          syncWorkersAnswered: answered(cs),
        };
        pairs.push({ ...base, sentence: verdictSentence(base) });
      }
    }
  }
  return { pairs, gaps, rule: HEADLINE_RULE, pairing: pairingNotes(results) };
}

/** One sentence for run listings: the first pair's verdict, or why there is none. */
export function headlineSummary(h: Headline): string {
  const first = h.pairs[0];
  if (first) return `${first.scenarioTitle}: ${first.sentence}`;
  const gap = h.gaps[0];
  return gap ? `No valid async/sync pair: ${gap.reason}.` : 'No async/sync pair in this run.';
}
