/**
 * One run of a dispatch scenario from scratch: its steps, then settling (drain the async queue,
 * move the clock past the offer TTL and fire the sweeper timer, a few times), then the invariants.
 */
import { SETTINGS } from '../../runtime/dispatch/dispatch-harness';
import { Invocations, type InvocationPlan } from '../invocations';
import type { Violation } from '../violations';
import { dispatchViolations } from './invariants';
import type { DispatchScenario } from './scenarios';
import type { ClientModel } from '../clients';
import { dispatchWorld } from './world';

export interface RunResult {
  violations: Violation[];
  /** Port calls of each invocation's first attempt. */
  calls: Map<string, number>;
  /** What the invocations that faults hit were doing (`POST /orders/o1/cancel`, `notifier`). */
  faultsIn: string[];
  what(label: string): string;
}

export async function runDispatchScenario(scenario: DispatchScenario, client: ClientModel, plan: InvocationPlan = {}): Promise<RunResult> {
  const settings = { ...SETTINGS, ...scenario.settings };
  const invocations = new Invocations(plan);
  const w = dispatchWorld(settings, invocations, client);
  for (const step of scenario.steps) await step(w);
  await w.local.invoker.drain();
  for (let round = 0; round <= settings.maxOfferRounds + 1; round++) {
    w.clock.advance(settings.offerTtlSeconds * 1000 + 1000);
    await w.sweep();
  }
  const fired = invocations.fired();
  return {
    violations: await dispatchViolations(w, fired),
    calls: invocations.callCounts(),
    faultsIn: fired.map((f) => f.what),
    what: (label) => invocations.what(label),
  };
}
