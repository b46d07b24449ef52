/**
 * Interleaving control over the TableStore port: the first call a predicate picks waits until the
 * test resumes it, so another invocation can run in between (a race, made deterministic).
 */
import type { TableStore } from '../../runtime/shared/ports';
import { STORE_OPS, type StoreCall } from './faulty-store';

export interface PausingStore {
  store: TableStore;
  /** Resolves when the picked call is reached (it has not run yet). */
  reached: Promise<StoreCall>;
  /** Lets the picked call run. */
  resume(): void;
}

export function pausingStore(inner: TableStore, pick: (call: StoreCall) => boolean): PausingStore {
  let reach!: (call: StoreCall) => void;
  let resume!: () => void;
  const reached = new Promise<StoreCall>((resolve) => (reach = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  let n = 0;
  let paused = false;
  const gate =
    (op: (typeof STORE_OPS)[number]) =>
    async (...args: unknown[]): Promise<unknown> => {
      const call: StoreCall = { n: ++n, op, table: String(args[0]) };
      if (!paused && pick(call)) {
        paused = true;
        reach(call);
        await resumed;
      }
      return (inner[op] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
    };
  const store = Object.fromEntries(STORE_OPS.map((op) => [op, gate(op)])) as unknown as TableStore;
  return { store, reached, resume };
}
