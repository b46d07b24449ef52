/** Every dispatch scenario with a fault at every port call of every invocation (sampled unless FAULTS_FULL=1). */
import { CLIENT_MODELS } from './clients';
import { runDispatchScenario } from './dispatch/run-scenario';
import { DISPATCH_SCENARIOS } from './dispatch/scenarios';
import { describeEnumeration } from './enumeration-suite';

describeEnumeration({
  title: 'dispatch under every single fault',
  scenarios: DISPATCH_SCENARIOS,
  clientsFor: (label) => (label.startsWith('api#') ? CLIENT_MODELS : CLIENT_MODELS.slice(0, 1)),
  run: (scenario, c) => runDispatchScenario(scenario, c?.client ?? 'gives-up', c ? { fault: c.fault } : {}),
  shortCases: 120,
  seed: 7,
  describeCase: (c, baseline) => `${c.fault.label} (${baseline.what?.(c.fault.label)}) call ${c.fault.at} ${c.fault.mode}, client ${c.client}`,
});
