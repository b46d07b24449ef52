/** Every live scenario with a fault at every port call of the room API, the callbacks and the watchdog (sampled unless FAULTS_FULL=1). */
import { CLIENT_MODELS } from './clients';
import { describeEnumeration } from './enumeration-suite';
import { runLiveScenario } from './live/run-scenario';
import { LIVE_SCENARIOS } from './live/scenarios';

describeEnumeration({
  title: 'LiveMuxCluster control plane under every single fault',
  scenarios: LIVE_SCENARIOS,
  // API callers retry a 5xx or give up; Live redelivers callbacks and FC retries the watchdog by their own rules.
  clientsFor: (label) => (label.startsWith('api#') ? CLIENT_MODELS : CLIENT_MODELS.slice(0, 1)),
  run: async (scenario, c) => {
    const result = await runLiveScenario(scenario, c?.client ?? 'gives-up', c ? { fault: c.fault } : {});
    if (!c && ![...result.calls.keys()].some((label) => label.startsWith('watchdog#'))) throw new Error(`${scenario.name}: the watchdog never ran`);
    return result;
  },
  shortCases: 80,
  seed: 31,
  describeCase: (c, baseline) => `${c.fault.label} (${baseline.what?.(c.fault.label)}) call ${c.fault.at} ${c.fault.mode}, client ${c.client}`,
});
