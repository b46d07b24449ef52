/**
 * Interleaving control over the TableStore port: the first call a predicate picks waits until the
 * test resumes it, so another invocation can run in between (a race, made deterministic).
 */
import type { TableStore } from '../../runtime/shared/ports';
import { wrap, type PortCall } from './fault-run';

export interface PausingStore {
  store: TableStore;
  /** Resolves when the picked call is reached (it has not run yet). */
  reached: Promise<PortCall>;
  /** Lets the picked call run. */
  resume(): void;
}

export function pausingStore(inner: TableStore, pick: (call: PortCall) => boolean): PausingStore {
  let reach!: (call: PortCall) => void;
  let resume!: () => void;
  const reached = new Promise<PortCall>((resolve) => (reach = resolve));
  const resumed = new Promise<void>((resolve) => (resume = resolve));
  let paused = false;
  const gate = {
    async through<R>(call: PortCall, run: () => Promise<R>): Promise<R> {
      if (!paused && pick(call)) {
        paused = true;
        reach(call);
        await resumed;
      }
      return run();
    },
  };
  return { store: wrap(inner, 'store', gate), reached, resume };
}
