// The two ways to wait ms: block the thread (sync model, and the SQLite sleep() function), or
// await a timer (async model). Both wait at least ms, so serverMs is never below the delay.
import { setTimeout as sleep } from 'node:timers/promises';

const blocker = new Int32Array(new SharedArrayBuffer(4));

/** Blocks this thread, and so the whole process's event loop, for ms. Nothing ever notifies `blocker`. */
export function blockFor(ms: number): void {
  const end = performance.now() + ms;
  for (let left = ms; left > 0; left = end - performance.now()) Atomics.wait(blocker, 0, 0, left);
}

/** Awaits a timer for at least ms: Node timers count from the loop's cached clock and can end ~1 ms early. */
export async function awaitFor(ms: number): Promise<void> {
  const end = performance.now() + ms;
  for (let left = ms; left > 0; left = end - performance.now()) await sleep(left);
}
