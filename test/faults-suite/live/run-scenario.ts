/** One run of a live scenario from scratch: its steps, then the invariants. */
import type { ClientModel } from '../clients';
import type { ScenarioRun } from '../enumeration-suite';
import { Invocations, type InvocationPlan } from '../invocations';
import { liveViolations } from './invariants';
import type { LiveScenario } from './scenarios';
import { liveWorld } from './world';

export async function runLiveScenario(scenario: LiveScenario, client: ClientModel, plan: InvocationPlan = {}): Promise<ScenarioRun> {
  const invocations = new Invocations(plan);
  const w = liveWorld(invocations, client);
  for (const step of scenario.steps) await step(w);
  return {
    violations: await liveViolations(w),
    calls: invocations.callCounts(),
    faultsIn: invocations.fired().map((f) => f.what),
    what: (label) => invocations.what(label),
  };
}
