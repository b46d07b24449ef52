/**
 * One run of an IotIngest content scenario from scratch: its steps, then settling (the stream
 * flushed, the indexer's queue drained), then the invariants.
 */
import { Invocations, type InvocationPlan } from '../invocations';
import type { Violation } from '../violations';
import { iotViolations } from './invariants';
import type { IotScenario } from './scenarios';
import type { ClientModel } from '../clients';
import { iotWorld } from './world';

export interface RunResult {
  violations: Violation[];
  calls: Map<string, number>;
  faultsIn: string[];
  what(label: string): string;
}

export async function runIotScenario(scenario: IotScenario, client: ClientModel, plan: InvocationPlan = {}): Promise<RunResult> {
  const invocations = new Invocations(plan);
  const w = iotWorld(invocations, client);
  for (const step of scenario.steps) await step(w);
  await w.local.settle();
  return {
    violations: await iotViolations(w),
    calls: invocations.callCounts(),
    faultsIn: invocations.fired().map((f) => f.what),
    what: (label) => invocations.what(label),
  };
}
