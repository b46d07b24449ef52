/** Every IotIngest device scenario with a fault at every port call of every invocation (sampled unless FAULTS_FULL=1). */
import { CLIENT_MODELS } from './clients';
import { describeEnumeration } from './enumeration-suite';
import { runDeviceScenario } from './iot-devices/run-scenario';
import { DEVICE_SCENARIOS } from './iot-devices/scenarios';

describeEnumeration({
  title: 'IotIngest devices under every single fault',
  scenarios: DEVICE_SCENARIOS,
  // The device API's callers retry a 5xx or give up; MNS and FC redeliver by their own rules (one model).
  clientsFor: (label) => (label.startsWith('api#') ? CLIENT_MODELS : CLIENT_MODELS.slice(0, 1)),
  run: async (scenario, c) => {
    const result = await runDeviceScenario(scenario, c?.client ?? 'gives-up', c ? { fault: c.fault } : {});
    if (!c && ![...result.calls.keys()].some((label) => label.startsWith('check#'))) throw new Error(`${scenario.name}: no check ran`);
    return result;
  },
  shortCases: 120,
  seed: 23,
  describeCase: (c, baseline) => `${c.fault.label} (${baseline.what?.(c.fault.label)}) call ${c.fault.at} ${c.fault.mode}, client ${c.client}`,
});
