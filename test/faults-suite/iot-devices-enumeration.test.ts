/** Every IotIngest device scenario with a fault at every port call of every invocation (sampled unless FAULTS_FULL=1). */
import { describeEnumeration } from './enumeration-suite';
import { runDeviceScenario } from './iot-devices/run-scenario';
import { DEVICE_SCENARIOS } from './iot-devices/scenarios';

describeEnumeration({
  title: 'IotIngest devices under every single fault',
  scenarios: DEVICE_SCENARIOS,
  // MNS and FC are the callers here: each redelivers by its own rule, so there is one client model.
  clientsFor: () => ['mns'] as const,
  run: async (scenario, c) => {
    const result = await runDeviceScenario(scenario, c ? { fault: c.fault } : {});
    if (!c && ![...result.calls.keys()].some((label) => label.startsWith('check#'))) throw new Error(`${scenario.name}: no check ran`);
    return result;
  },
  shortCases: 120,
  seed: 23,
  describeCase: (c, baseline) => `${c.fault.label} (${baseline.what?.(c.fault.label)}) call ${c.fault.at} ${c.fault.mode}`,
});
