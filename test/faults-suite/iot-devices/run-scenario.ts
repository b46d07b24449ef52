/** One run of a device scenario from scratch: its steps, then every delayed check run, then the invariants. */
import type { ClientModel } from '../clients';
import { Invocations, type InvocationPlan } from '../invocations';
import type { ScenarioRun } from '../enumeration-suite';
import { deviceViolations } from './invariants';
import type { DeviceScenario } from './scenarios';
import { deviceWorld } from './world';

export async function runDeviceScenario(scenario: DeviceScenario, client: ClientModel, plan: InvocationPlan = {}): Promise<ScenarioRun> {
  const invocations = new Invocations(plan);
  const w = deviceWorld(invocations, client);
  for (const step of scenario.steps) await step(w);
  await w.settle();
  return {
    violations: await deviceViolations(w, scenario),
    calls: invocations.callCounts(),
    faultsIn: invocations.fired().map((f) => f.what),
    what: (label) => invocations.what(label),
  };
}
