/** Seeded randomness for the interleaving runs: the same seed replays the same schedule. */
import { seededRandom } from '../../runtime/shared/local/seeded-random';
import type { CallGate, PortCall } from '../faults/fault-run';

export type Random = () => number;

/** The shared mulberry32 stream: the same seed replays the same schedule. */
export const seeded: (seed: number) => Random = seededRandom;

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
