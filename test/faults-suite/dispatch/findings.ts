/**
 * Violations the enumeration found that are not yet fixed, each with its standalone failing
 * regression test (kept on branch enum-found until the fix lands). The suite fails on any violation
 * none of these explains; delete an entry with its fix, and the suite holds the fix.
 */
import type { Violation } from '../violations';
import type { ClientModel } from './world';

/** The run a violation came from: its client model and what the invocations that faults hit were doing. */
export interface RunContext {
  client: ClientModel;
  faultsIn: string[];
}

export interface KnownFinding {
  regressionTest: string;
  explains(violation: Violation, run: RunContext): boolean;
}

export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  {
    // A deliver or cancel that died after its order write, its client never retrying: the courier's slot stays held.
    regressionTest: 'test/runtime/dispatch/found-stale-slot.test.ts',
    explains: (v, run) =>
      v.invariant === 'activeOrders = ASSIGNED + PICKED_UP' && run.client === 'gives-up' && run.faultsIn.some((w) => /\/(deliver|cancel)$/.test(w)),
  },
];

export const unexplained = (violations: readonly Violation[], run: RunContext): Violation[] =>
  violations.filter((v) => !KNOWN_FINDINGS.some((f) => f.explains(v, run)));
