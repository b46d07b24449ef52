/**
 * The enumeration (issue 7): a scenario run once without faults names its invocations and counts
 * their port calls; then every call point of every invocation × every fault mode is a case, run
 * from scratch. API invocations are tried with both client models; async ones retry as FC does.
 * Short runs (npm test) take a seeded sample of the cases; FAULTS_FULL=1 takes them all.
 */
import { FAULT_MODES, type Fault } from './invocations';
import { seeded } from './seeded';

export const FULL = process.env.FAULTS_FULL === '1';

export interface Case<C> {
  fault: Fault;
  client: C;
}

/** Every case of a baseline's call counts; `clientsFor` says which client models an invocation's label needs. */
export function casesOf<C>(calls: Map<string, number>, clientsFor: (label: string) => readonly C[]): Case<C>[] {
  const cases: Case<C>[] = [];
  for (const [label, n] of calls) {
    for (let at = 1; at <= n; at++) {
      for (const mode of FAULT_MODES) for (const client of clientsFor(label)) cases.push({ fault: { label, at, mode }, client });
    }
  }
  return cases;
}

/** All the cases, or `size` of them picked by `seed` (in their original order). */
export function sample<T>(cases: readonly T[], size: number, seed: number): T[] {
  if (FULL || cases.length <= size) return [...cases];
  const random = seeded(seed);
  const keyed = cases.map((c, i) => ({ c, i, r: random() }));
  return keyed.sort((a, b) => a.r - b.r).slice(0, size).sort((a, b) => a.i - b.i).map((k) => k.c);
}

/** Cases per invocation's function (`api`, `notifier`, …), for the report. */
export function casesPerFunction(cases: ReadonlyArray<Case<unknown>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { fault } of cases) {
    const fn = fault.label.split('#')[0];
    counts[fn] = (counts[fn] ?? 0) + 1;
  }
  return counts;
}
