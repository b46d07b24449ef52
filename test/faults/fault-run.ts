/**
 * Fault injection over the ports, for "correct at every stop" tests. One FaultRun stands for one
 * invocation: the wrappers sharing it count its calls, and once it is killed every further call of
 * every wrapped port throws Killed (the process is gone), whoever catches the first one.
 *
 * Modes, applied to the `at`-th call that `where` matches (1-based):
 *   kill-before       the call never happens; the invocation dies
 *   kill-after        the call happens; the invocation dies before seeing its answer
 *   transient-before  the call never happens; it throws a retryable error (the invocation lives on)
 *   lost-response     the call happens; its answer is lost as a retryable error
 */
import type { Push, TableStore } from '../../runtime/shared/ports';

export type FaultMode = 'kill-before' | 'kill-after' | 'transient-before' | 'lost-response';

export interface PortCall {
  port: string;
  method: string;
  /** The first argument: the table for TableStore calls. */
  target: unknown;
  args: unknown[];
}

export interface FaultPlan {
  mode: FaultMode;
  /** Which matching call (1-based); default 1. */
  at?: number;
  where?: (call: PortCall) => boolean;
}

/** The process died at a planned stop. */
export class Killed extends Error {
  readonly code = 'Killed';
}

/** Looks like a network or server error an SDK retries. */
export class TransientFault extends Error {
  readonly code = 'TransientFault';
}

/** Where a plan fired: the call it hit and the call before it in the same invocation. */
export interface FiredFault {
  mode: FaultMode;
  call: PortCall;
  previous?: PortCall;
}

export class FaultRun implements CallGate {
  killed = false;
  readonly calls: PortCall[] = [];
  fired?: FiredFault;
  /** Calls each plan has matched so far. */
  private readonly matched = new Map<FaultPlan, number>();

  constructor(readonly plans: FaultPlan[] = []) {}

  /** Runs `call` through the plans: the one wrapper every port shares. */
  async through<R>(call: PortCall, run: () => Promise<R>): Promise<R> {
    if (this.killed) throw new Killed(`invocation already dead: ${describe(call)}`);
    this.calls.push(call);
    const plan = this.plans.find((p) => (p.where ?? (() => true))(call) && this.count(p) === (p.at ?? 1));
    if (!plan) return run();
    this.fired = { mode: plan.mode, call, previous: this.calls.at(-2) };
    if (plan.mode === 'kill-before') return this.die(call, 'before');
    if (plan.mode === 'transient-before') throw new TransientFault(`transient fault before ${describe(call)}`);
    await run();
    if (plan.mode === 'kill-after') return this.die(call, 'after');
    throw new TransientFault(`answer lost after ${describe(call)}`);
  }

  private count(plan: FaultPlan): number {
    const n = (this.matched.get(plan) ?? 0) + 1;
    this.matched.set(plan, n);
    return n;
  }

  private die(call: PortCall, when: string): never {
    this.killed = true;
    throw new Killed(`killed ${when} ${describe(call)}`);
  }
}

const describe = (call: PortCall) => `${call.port}.${call.method}(${String(call.target)})`;

/** Shorthand matchers for `where`. */
export const on =
  (port: string, method?: string, target?: unknown) =>
  (call: PortCall): boolean =>
    call.port === port && (method === undefined || call.method === method) && (target === undefined || call.target === target);

/** Decides what happens to each call of a wrapped port: FaultRun injects faults, pausing() holds one call back. */
export interface CallGate {
  through<R>(call: PortCall, run: () => Promise<R>): Promise<R>;
}

/** Every method of `port` goes through `gate`. */
export function wrap<P extends object>(port: P, name: string, gate: CallGate): P {
  return new Proxy(port, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        gate.through({ port: name, method: String(prop), target: args[0], args }, () => Promise.resolve(value.apply(target, args)));
    },
  });
}

export const faultyStore = (store: TableStore, run: FaultRun): TableStore => wrap(store, 'store', run);
export const faultyPush = (push: Push, run: FaultRun): Push => wrap(push, 'push', run);
