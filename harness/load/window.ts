// Where a measured window starts. For bursty scenarios (long-poll: event N fires at N × period on
// the wall clock, the same in every process) the window opens half a period after a fire time,
// so a window of whole periods holds exactly that many bursts, whatever the moment the warm-up
// ended. Otherwise it opens at once.

import type { Params, ScenarioDef } from '../types.js';

/** The burst period of a cell: the scenario's own window quantum (ScenarioDef.windowQuantumMs). */
export function burstPeriodOf(scenario: ScenarioDef, params: Params): number | undefined {
  return scenario.windowQuantumMs?.(params);
}

/** Epoch ms at which the window opens, given the moment the warm-up ended. */
export function windowStartAfter(decidedAtMs: number, burstPeriodMs?: number): number {
  if (!burstPeriodMs || burstPeriodMs <= 0) return decidedAtMs;
  const half = burstPeriodMs / 2;
  return Math.ceil((decidedAtMs - half) / burstPeriodMs) * burstPeriodMs + half;
}

/**
 * The measured window of a cell, rounded down to whole bursts for scenarios that complete in bursts
 * (at least one burst); the run measures it and the estimate predicts it from this one rule.
 */
export function measuredDuration(scenario: ScenarioDef | undefined, params: Params, durationS: number): number {
  const q = scenario ? burstPeriodOf(scenario, params) : undefined;
  if (!q) return durationS;
  const qs = q / 1000;
  return Math.max(1, Math.floor(durationS / qs + 1e-9)) * qs;
}
