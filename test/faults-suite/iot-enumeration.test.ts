/** Every IotIngest content scenario with a fault at every port call of every invocation (sampled unless FAULTS_FULL=1). */
import { CLIENT_MODELS } from './clients';
import { describeEnumeration } from './enumeration-suite';
import { runIotScenario } from './iot/run-scenario';
import { IOT_SCENARIOS } from './iot/scenarios';

describeEnumeration({
  title: 'IotIngest content under every single fault',
  scenarios: IOT_SCENARIOS,
  clientsFor: (label) => (label.startsWith('api#') ? CLIENT_MODELS : CLIENT_MODELS.slice(0, 1)),
  run: async (scenario, c) => {
    const result = await runIotScenario(scenario, c?.client ?? 'gives-up', c ? { fault: c.fault } : {});
    if (!c && ![...result.calls.keys()].some((label) => label.startsWith('indexer#'))) throw new Error(`${scenario.name}: the indexer never ran`);
    return result;
  },
  shortCases: 120,
  seed: 11,
  describeCase: (c, baseline) => `${c.fault.label} (${baseline.what?.(c.fault.label)}) call ${c.fault.at} ${c.fault.mode}, client ${c.client}`,
});
