/** Every media scenario with a fault at every port call of every invocation (sampled unless FAULTS_FULL=1). */
import { casesOf, casesPerFunction, FULL, sample } from './enumerate';
import { runMediaScenario } from './media/run-scenario';
import { MEDIA_SCENARIOS } from './media/scenarios';
import { report, type Found } from './report';

/** Per scenario: about 40 cases in all, each a run of real ffprobe and ffmpeg on a 1 s 160x90 clip. */
const SHORT_CASES = 14;
const NO_CLIENT = [undefined] as const;

describe('media under every single fault', () => {
  it.each(MEDIA_SCENARIOS.map((s, i) => [s.name, s, i] as const))('%s', async (_name, scenario, index) => {
    const baseline = await runMediaScenario(scenario);
    expect(baseline.violations).toEqual([]);
    const all = casesOf(baseline.calls, () => NO_CLIENT);
    const cases = sample(all, SHORT_CASES, 17 + index);
    const found: Found[] = [];
    for (const c of cases) {
      const run = await runMediaScenario(scenario, { fault: c.fault });
      found.push({ run: `${c.fault.label} call ${c.fault.at} ${c.fault.mode} (fired: ${run.faultsIn.join(', ')})`, violations: run.violations });
    }
    report({ scenario: scenario.name, full: FULL, cases: { all: casesPerFunction(all), run: casesPerFunction(cases) } }, found);
    expect(found.flatMap((f) => f.violations.map((v) => ({ ...v, run: f.run })))).toEqual([]);
  });
});
