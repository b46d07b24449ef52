/** Every media scenario with a fault at every port call of every invocation (sampled unless FAULTS_FULL=1). */
import { describeEnumeration } from './enumeration-suite';
import { runMediaScenario } from './media/run-scenario';
import { MEDIA_SCENARIOS } from './media/scenarios';

const NO_CLIENT = [undefined] as const;

describeEnumeration({
  title: 'media under every single fault',
  scenarios: MEDIA_SCENARIOS,
  clientsFor: () => NO_CLIENT,
  run: (scenario, c) => runMediaScenario(scenario, c ? { fault: c.fault } : {}),
  // Per scenario: about 40 cases in all, each a run of real ffprobe and ffmpeg on a 1 s 160x90 clip.
  shortCases: 14,
  seed: 17,
  describeCase: (c, _baseline, run) => `${c.fault.label} call ${c.fault.at} ${c.fault.mode} (fired: ${run.faultsIn.join(', ')})`,
});
