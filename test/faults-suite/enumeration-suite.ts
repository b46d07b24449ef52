/**
 * The enumeration test of one pattern (issue 7): each scenario once without faults (it must break
 * no invariant), then every case of its call counts (a sample unless FAULTS_FULL=1), each from
 * scratch; the report when FAULTS_REPORT=1; no case may break an invariant.
 */
import { casesOf, casesPerFunction, FULL, sample, type Case } from './enumerate';
import { report, type Found } from './report';
import type { Violation } from './violations';

export interface ScenarioRun {
  violations: Violation[];
  /** Port calls of each invocation's first attempt. */
  calls: Map<string, number>;
  /** The invocations the faults hit. */
  faultsIn: string[];
  /** What invocation `label` does (`POST /orders`, `notifier`), where the run knows. */
  what?(label: string): string;
}

export interface EnumerationSpec<S extends { name: string }, C> {
  title: string;
  scenarios: readonly S[];
  /** The client models an invocation (by label, e.g. `api#2`) is tried with. */
  clientsFor(label: string): readonly C[];
  /** One run of the scenario: without a case, the baseline. */
  run(scenario: S, c?: Case<C>): Promise<ScenarioRun>;
  /** Cases per scenario in a short run. */
  shortCases: number;
  /** Seeds the short run's sample (plus the scenario's index). */
  seed: number;
  /** What a case is, in reports, given the baseline and the case's own run. */
  describeCase(c: Case<C>, baseline: ScenarioRun, run: ScenarioRun): string;
}

export function describeEnumeration<S extends { name: string }, C>(spec: EnumerationSpec<S, C>): void {
  describe(spec.title, () => {
    it.each(spec.scenarios.map((s, i) => [s.name, s, i] as const))('%s', async (_name, scenario, index) => {
      const baseline = await spec.run(scenario);
      expect(baseline.violations).toEqual([]);
      const all = casesOf(baseline.calls, spec.clientsFor);
      const cases = sample(all, spec.shortCases, spec.seed + index);
      const found: Found[] = [];
      for (const c of cases) {
        const run = await spec.run(scenario, c);
        found.push({ run: spec.describeCase(c, baseline, run), violations: run.violations });
      }
      report({ scenario: scenario.name, full: FULL, cases: { all: casesPerFunction(all), run: casesPerFunction(cases) } }, found);
      expect(found.flatMap((f) => f.violations.map((v) => ({ ...v, run: f.run })))).toEqual([]);
      // Every case of a scenario (FAULTS_FULL) takes minutes where the sample takes seconds.
    }, FULL ? 30 * 60_000 : undefined);
  });
}
