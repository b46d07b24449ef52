/**
 * Time moved by hand for delayed invocations (tests, benchmarks, the fault suite): the clock steps to
 * each due time in turn, the invocations due then run, and what they queue runs too.
 */
import type { FixedClock } from '../clock';
import type { LocalInvoker } from './local-invoker';

/** Moves `clock` to `target`, running every delayed invocation that falls due by then, in due order. */
export async function advanceClock(invoker: LocalInvoker, clock: FixedClock, target: number): Promise<void> {
  for (;;) {
    await invoker.drain();
    const next = invoker.nextDueAt();
    if (next === undefined || next > target) break;
    clock.set(Math.max(clock.now(), next));
    invoker.releaseDue();
  }
  clock.set(Math.max(clock.now(), target));
  await invoker.drain();
}

/** Runs delayed invocations until none is left (those they queue included); throws past `maxRounds` due times. */
export async function runAllDelayed(invoker: LocalInvoker, clock: FixedClock, maxRounds = 1000): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    await invoker.drain();
    const next = invoker.nextDueAt();
    if (next === undefined) return;
    clock.set(Math.max(clock.now(), next));
    invoker.releaseDue();
  }
  throw new Error(`delayed invocations keep queueing more after ${maxRounds} due times`);
}
