/** Every IotIngest content scenario with a fault at every port call of every invocation (sampled unless FAULTS_FULL=1). */
import { casesOf, casesPerFunction, FULL, sample } from './enumerate';
import { runIotScenario } from './iot/run-scenario';
import { IOT_SCENARIOS } from './iot/scenarios';
import type { ClientModel } from './iot/world';
import { report, type Found } from './report';

const CLIENTS: readonly ClientModel[] = ['gives-up', 'retries'];
const SHORT_CASES = 120;

describe('IotIngest content under every single fault', () => {
  it.each(IOT_SCENARIOS.map((s, i) => [s.name, s, i] as const))('%s', async (_name, scenario, index) => {
    const baseline = await runIotScenario(scenario, 'gives-up');
    expect(baseline.violations).toEqual([]);
    expect([...baseline.calls.keys()].some((label) => label.startsWith('indexer#'))).toBe(true);
    const all = casesOf(baseline.calls, (label) => (label.startsWith('api#') ? CLIENTS : CLIENTS.slice(0, 1)));
    const cases = sample(all, SHORT_CASES, 11 + index);
    const found: Found[] = [];
    for (const c of cases) {
      const run = await runIotScenario(scenario, c.client, { fault: c.fault });
      const name = `${c.fault.label} (${baseline.what(c.fault.label)}) call ${c.fault.at} ${c.fault.mode}, client ${c.client}`;
      found.push({ run: name, violations: run.violations });
    }
    report({ scenario: scenario.name, full: FULL, cases: { all: casesPerFunction(all), run: casesPerFunction(cases) } }, found);
    expect(found.flatMap((f) => f.violations.map((v) => ({ ...v, run: f.run })))).toEqual([]);
  });
});
