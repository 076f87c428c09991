// --max-inflight shared by every generator worker (issue 21, item 4). Split into fixed shares, a
// worker dropped arrivals when its own share was full while another had room (and rounding the
// shares up let the workers together exceed the bound: 2 + 2 for 3). Here the bound is a pool of
// tokens: a send takes one, an answer gives it back to the worker that sent. A worker with none
// left parks its arrivals (their latency still counts from the intended time) and asks the
// coordinator, which grants tokens it holds or asks the other workers to hand back idle ones; only
// when no worker has an idle token (all maxInflight requests are in flight) are they dropped.

/** A worker's side of the bound. */
export interface InflightBudget {
  /** Takes a token if this worker holds an idle one. */
  tryTake(): boolean;
  /** Gives back the token of a request that has finished. */
  give(): void;
  /** None left here: calls back once with true (tokens were granted) or false (every token is in flight). */
  want(done: (granted: boolean) => void): void;
}

/** One worker alone (in-process): the whole bound is local, and a request that finds it full is dropped. */
export class LocalBudget implements InflightBudget {
  private idle: number;
  constructor(max: number) {
    this.idle = max;
  }
  tryTake(): boolean {
    if (this.idle <= 0) return false;
    this.idle--;
    return true;
  }
  give(): void {
    this.idle++;
  }
  want(done: (granted: boolean) => void): void {
    done(false);
  }
}

export type BudgetToCoordinator = { t: 'want' } | { t: 'released'; n: number };
export type BudgetToWorker = { t: 'grant'; n: number } | { t: 'none' } | { t: 'release' };

/** A worker process's side: its tokens, and the messages to and from the coordinator. */
export class TokenBudget implements InflightBudget {
  private waiting: ((granted: boolean) => void) | null = null;
  constructor(
    private idle: number,
    private readonly post: (m: BudgetToCoordinator) => void,
  ) {}
  tryTake(): boolean {
    if (this.idle <= 0) return false;
    this.idle--;
    return true;
  }
  give(): void {
    this.idle++;
  }
  want(done: (granted: boolean) => void): void {
    if (this.waiting) return;
    this.waiting = done;
    this.post({ t: 'want' });
  }
  /** A message from the coordinator. Half the idle tokens go back on request, so a busy worker keeps sending. */
  receive(m: BudgetToWorker): void {
    if (m.t === 'release') {
      const n = Math.ceil(this.idle / 2);
      this.idle -= n;
      this.post({ t: 'released', n });
      return;
    }
    if (m.t === 'grant') this.idle += m.n;
    const w = this.waiting;
    this.waiting = null;
    w?.(m.t === 'grant');
  }
}

/**
 * The coordinator's side: the tokens no worker holds, and the requests waiting for them. Pure: the
 * engine passes `post(worker, message)`, and calls `receive` with each worker's messages.
 */
export class BudgetPool {
  private free = 0;
  private readonly wanting: number[] = [];
  /** Workers asked to release that have not answered yet; while any are out, wants wait. */
  private readonly outstanding = new Set<number>();
  /** The other workers were asked once for these wants; when they had nothing, the wants are refused. */
  private asked = false;

  constructor(
    private readonly workers: number,
    private readonly post: (worker: number, m: BudgetToWorker) => void,
  ) {}

  /** Each worker's first tokens: the bound split as evenly as it goes, summing to it exactly. */
  static shares(max: number, workers: number): number[] {
    return Array.from({ length: workers }, (_, i) => Math.floor(max / workers) + (i < max % workers ? 1 : 0));
  }

  receive(worker: number, m: BudgetToCoordinator): void {
    if (m.t === 'released') {
      this.free += m.n;
      this.outstanding.delete(worker);
    } else if (!this.wanting.includes(worker)) {
      this.wanting.push(worker);
    }
    this.settle();
  }

  private settle(): void {
    if (this.outstanding.size > 0 || this.wanting.length === 0) return;
    if (this.free === 0) {
      const others = Array.from({ length: this.workers }, (_, i) => i).filter((i) => !this.wanting.includes(i));
      // Nobody asked yet since these wants came: ask every other worker once before refusing.
      if (others.length > 0 && !this.asked) {
        this.asked = true;
        for (const i of others) {
          this.outstanding.add(i);
          this.post(i, { t: 'release' });
        }
        return;
      }
    }
    this.asked = false;
    while (this.wanting.length > 0) {
      const w = this.wanting.shift() as number;
      if (this.free > 0) {
        const n = Math.max(1, Math.floor(this.free / (this.wanting.length + 1)));
        this.free -= n;
        this.post(w, { t: 'grant', n });
      } else {
        this.post(w, { t: 'none' });
      }
    }
  }
}

/**
 * A worker's arrivals at the bound: sent at once while it holds a token, else parked (in order)
 * while the budget looks for one, and dropped only when it finds none.
 */
export class TokenGate {
  private parked: number[] = [];
  private asking = false;

  constructor(
    private readonly budget: InflightBudget,
    private readonly handlers: { send(intendedMs: number): void; drop(intendedMs: number): void; stopped(): boolean },
  ) {}

  /** Intended send times of the arrivals waiting for a token. */
  get waiting(): readonly number[] {
    return this.parked;
  }

  arrive(intendedMs: number): void {
    if (this.parked.length === 0 && this.budget.tryTake()) return this.handlers.send(intendedMs);
    this.parked.push(intendedMs);
    this.ask();
  }

  /** A request finished: its token is back, and the oldest parked arrival may use it. */
  done(): void {
    this.budget.give();
    this.drain();
  }

  private ask(): void {
    if (this.asking) return;
    this.asking = true;
    this.budget.want((granted) => {
      this.asking = false;
      this.drain();
      if (!granted) {
        for (const intended of this.parked) this.handlers.drop(intended);
        this.parked = [];
      } else if (this.parked.length > 0) this.ask();
    });
  }

  private drain(): void {
    while (this.parked.length > 0 && !this.handlers.stopped() && this.budget.tryTake()) this.handlers.send(this.parked.shift() as number);
  }
}
