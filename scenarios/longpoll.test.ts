// The long-poll theory (scenarios/longpoll.ts, servers/CONTRACT.md): a correct server answers a
// client that is behind at once, so every model's ceiling is connections ÷ period, and the check
// accepts both an at-once answer (missed events counted) and a held one.
import { describe, expect, it } from 'vitest';
import longpoll from './longpoll.js';

const params = { period_ms: 500, timeout_ms: 30_000 };
const body = (o: Record<string, unknown>) =>
  JSON.stringify({ scenario: 'longpoll', period_ms: 500, timeout_ms: 30_000, timedOut: false, pid: 1, serverMs: 0.2, ...o });

describe('longpoll theory', () => {
  it('the ceiling is connections ÷ period whatever the slots (a sync worker sweeps its queue once the event fires)', () => {
    expect(longpoll.ceilingRps?.({ connections: 100, slots: 1, params })).toBeCloseTo(200);
    expect(longpoll.ceilingRps?.({ connections: 20, slots: 2, params })).toBeCloseTo(40);
    expect(longpoll.ceilingRps?.({ connections: 20, slots: 20, params })).toBeCloseTo(40);
  });

  it('has no latency floor: a client that is behind is answered at once', () => {
    expect(longpoll.floorLatencyMs?.(params)).toBeUndefined();
  });

  it('accepts an at-once answer with the latest event and counts the events skipped', () => {
    const state: Record<string, unknown> = { lastEvent: 10 };
    const res = longpoll.check(200, body({ after: 10, event: 13, firedAtMs: 13 * 500, missed: 2 }), params, state);
    expect(res).toMatchObject({ ok: true, facts: { missedEvents: 2 } });
    expect(state.lastEvent).toBe(13);
  });

  it('rejects an answer that does not move the cursor forward, or miscounts missed events', () => {
    expect(longpoll.check(200, body({ after: 10, event: 10, firedAtMs: 5000, missed: 0 }), params, { lastEvent: 10 }).ok).toBe(false);
    expect(longpoll.check(200, body({ after: 10, event: 12, firedAtMs: 6000, missed: 0 }), params, { lastEvent: 10 }).ok).toBe(false);
  });
});
