/** Seeded randomness for the interleaving runs: the same seed replays the same schedule. */
import type { CallGate, PortCall } from '../faults/fault-run';

export type Random = () => number;

/** mulberry32: small, fast and good enough to pick schedules. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Holds each call back for 0–3 turns of the event loop, so concurrent invocations interleave differently per seed. */
export function jitter(random: Random): CallGate {
  return {
    async through<R>(_call: PortCall, run: () => Promise<R>): Promise<R> {
      for (let turns = Math.floor(random() * 4); turns > 0; turns--) await new Promise((resolve) => setImmediate(resolve));
      return run();
    },
  };
}
