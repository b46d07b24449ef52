/**
 * The invocations of one scenario run, each named `<function>#<n>` (the n-th distinct requestId of
 * that function, in the order they started), and the gate each attempt's port calls go through.
 * Only the first attempt of the planned invocation gets the fault; its retries (same requestId) and
 * every other invocation run clean, or with the random faults of an interleaving run.
 */
import { FaultRun, TransientFault, type CallGate, type FaultMode, type FaultPlan, type FiredFault, type PortCall } from '../faults/fault-run';
import { pick, type Random } from './seeded';

export const FAULT_MODES: readonly FaultMode[] = ['kill-before', 'kill-after', 'transient-before', 'lost-response'];

/** The fault of one enumerated case: the `at`-th port call of invocation `label`. */
export interface Fault {
  label: string;
  at: number;
  mode: FaultMode;
}

/** Random faults: each first attempt gets one, with probability `rate`, at one of its first calls. */
export interface RandomFaults {
  random: Random;
  rate: number;
}

export interface InvocationPlan {
  fault?: Fault;
  randomFaults?: RandomFaults;
  /** Runs before every call (the interleaving runs' jitter). */
  before?: CallGate;
}

/** A fault that fired, with the invocation it fired in. */
export interface FiredIn extends FiredFault {
  label: string;
  what: string;
}

interface FirstAttempt {
  run: FaultRun;
  /** What the invocation does, e.g. `POST /orders/o1/accept`. */
  what: string;
}

export class Invocations {
  private readonly firstAttempts = new Map<string, FirstAttempt>();
  private readonly labels = new Map<string, string>();
  private readonly started = new Map<string, number>();

  constructor(private readonly plan: InvocationPlan = {}) {}

  /** The gate for one attempt of `fn` with `requestId`; `what` describes it in reports. */
  attempt(fn: string, requestId: string, what: string): CallGate {
    const seen = this.labels.get(requestId);
    const run = seen === undefined ? this.first(fn, requestId, what) : new FaultRun();
    const before = this.plan.before;
    if (!before) return run;
    return { through: <R>(call: PortCall, next: () => Promise<R>) => before.through(call, () => run.through(call, next)) };
  }

  /** Port calls of each invocation's first attempt. */
  callCounts(): Map<string, number> {
    return new Map([...this.firstAttempts].map(([label, first]) => [label, first.run.calls.length]));
  }

  /** What invocation `label` does. */
  what(label: string): string {
    return this.firstAttempts.get(label)?.what ?? label;
  }

  fired(): FiredIn[] {
    return [...this.firstAttempts].flatMap(([label, { run, what }]) => (run.fired ? [{ label, what, ...run.fired }] : []));
  }

  private first(fn: string, requestId: string, what: string): FaultRun {
    const n = (this.started.get(fn) ?? 0) + 1;
    this.started.set(fn, n);
    const label = `${fn}#${n}`;
    this.labels.set(requestId, label);
    const run = new FaultRun(this.plansFor(label));
    this.firstAttempts.set(label, { run, what });
    return run;
  }

  private plansFor(label: string): FaultPlan[] {
    const { fault, randomFaults } = this.plan;
    if (fault) return fault.label === label ? [{ mode: fault.mode, at: fault.at }] : [];
    if (!randomFaults || randomFaults.random() >= randomFaults.rate) return [];
    return [{ mode: pick(randomFaults.random, FAULT_MODES), at: 1 + Math.floor(randomFaults.random() * 8) }];
  }
}

/**
 * An outage for one invocation of `fn`: every port call answers a network error. The call still goes
 * through `attempt`, so it counts as a call point of the invocation (the outage is what it answers).
 */
export function unreachable(fn: string, attempt: CallGate): CallGate {
  const refuse = () => Promise.reject(new TransientFault(`${fn}: the service is unreachable (outage)`));
  return { through: (call) => attempt.through(call, refuse) };
}
