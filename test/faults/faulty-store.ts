/**
 * Fault injection over the TableStore port, for one invocation: wrap the store a handler gets, and
 * its n-th call (or the first call a predicate picks) fails the way a real invocation can.
 *   kill-before       the function dies before the call reaches Table Store: it and every later call throw
 *   kill-after        the write lands, then the function dies: the call and every later call throw
 *   transient-before  the call fails without reaching Table Store (a 5xx, a timeout); later calls work
 *   lost-response     the write lands but its answer is lost: the caller gets an error; later calls work
 * A killed invocation's other ports keep working here: the handler's own code stops at the error,
 * and handlers that catch per item (the sweeper) find every later store call failing.
 */
import type { TableStore } from '../../runtime/shared/ports';

export type FaultMode = 'kill-before' | 'kill-after' | 'transient-before' | 'lost-response';

export interface StoreCall {
  /** 1-based, in the order the invocation made its calls. */
  n: number;
  op: keyof TableStore;
  table: string;
}

export interface FaultPlan {
  /** The call to fail: its number, or the first call the predicate picks. */
  failAt: number | ((call: StoreCall) => boolean);
  mode: FaultMode;
}

export interface FaultyStore extends TableStore {
  /** Every call made so far, the failed one included. */
  readonly calls: StoreCall[];
  /** The call the fault hit, once it has. */
  readonly faulted: StoreCall | undefined;
}

/** The error an injected fault throws (not a ConditionFailedError, so handlers treat it as unknown). */
export class InjectedFault extends Error {
  readonly code = 'InjectedFault';

  constructor(
    readonly mode: FaultMode | 'dead',
    readonly call: StoreCall,
  ) {
    super(`injected ${mode} at store call ${call.n} (${call.op} ${call.table})`);
  }
}

/** Every method of the port, in the order ports.ts declares them. */
export const STORE_OPS = ['getRow', 'putRow', 'updateRow', 'deleteRow', 'getRange', 'batchWrite'] as const satisfies ReadonlyArray<keyof TableStore>;

export function faultyStore(inner: TableStore, plan?: FaultPlan): FaultyStore {
  const calls: StoreCall[] = [];
  let faulted: StoreCall | undefined;
  let dead = false;
  const picks = (call: StoreCall) => !faulted && plan && (typeof plan.failAt === 'number' ? plan.failAt === call.n : plan.failAt(call));
  const wrap =
    (op: (typeof STORE_OPS)[number]) =>
    async (...args: unknown[]): Promise<unknown> => {
      const call: StoreCall = { n: calls.length + 1, op, table: String(args[0]) };
      calls.push(call);
      if (dead) throw new InjectedFault('dead', call);
      const run = () => (inner[op] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
      if (!picks(call)) return run();
      faulted = call;
      const { mode } = plan!;
      if (mode === 'kill-before' || mode === 'kill-after') dead = true;
      if (mode === 'kill-after' || mode === 'lost-response') await run();
      throw new InjectedFault(mode, call);
    };
  const store = Object.fromEntries(STORE_OPS.map((op) => [op, wrap(op)])) as unknown as TableStore;
  return Object.assign(store, {
    get calls() {
      return calls;
    },
    get faulted() {
      return faulted;
    },
  });
}

/** A predicate for `failAt`: the first call of `op` on `table` (and, with `nth`, the nth such call). */
export function callTo(op: keyof TableStore, table: string, nth = 1): (call: StoreCall) => boolean {
  let seen = 0;
  return (call) => call.op === op && call.table === table && ++seen === nth;
}
