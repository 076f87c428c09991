// --max-inflight shared by generator workers (issue 21, item 4): the token protocol between the
// workers and the coordinator, wired synchronously in memory. Pure.
import { describe, expect, it } from 'vitest';
import { BudgetPool, LocalBudget, TokenBudget } from './inflight-budget.js';

/** n workers holding the bound's shares, and the coordinator's pool, messages delivered at once. */
function wire(max: number, n: number) {
  const workers: TokenBudget[] = [];
  const pool = new BudgetPool(n, (i, m) => workers[i]?.receive(m));
  BudgetPool.shares(max, n).forEach((tokens, i) => workers.push(new TokenBudget(tokens, (m) => pool.receive(i, m))));
  return workers;
}

const take = (b: { tryTake(): boolean }, k: number) => Array.from({ length: k }, () => b.tryTake()).filter(Boolean).length;

describe('shared in-flight bound', () => {
  it('splits the bound exactly (3 over 2 workers is 2 + 1, never 2 + 2)', () => {
    expect(BudgetPool.shares(3, 2)).toEqual([2, 1]);
    expect(BudgetPool.shares(1, 3)).toEqual([1, 0, 0]);
  });

  it('a worker whose share is in flight gets an idle token of another, and is refused only when every token is in flight', () => {
    const [a, b] = wire(4, 2) as [TokenBudget, TokenBudget];
    expect(take(a, 5)).toBe(2);
    let granted: boolean | null = null;
    a.want((g) => (granted = g));
    expect(granted).toBe(true);
    // b handed back half of its 2 idle tokens.
    expect(take(a, 5)).toBe(1);
    expect(take(b, 5)).toBe(1);
    // All 4 in flight now: a is refused.
    a.want((g) => (granted = g));
    expect(granted).toBe(false);
    // A request of b finishes: its token is idle again, and a can have it.
    b.give();
    a.want((g) => (granted = g));
    expect(granted).toBe(true);
    expect(take(a, 5)).toBe(1);
  });

  it('one worker alone drops as soon as its bound is in flight', () => {
    const l = new LocalBudget(2);
    expect(take(l, 3)).toBe(2);
    let granted: boolean | null = null;
    l.want((g) => (granted = g));
    expect(granted).toBe(false);
  });
});
