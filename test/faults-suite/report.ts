/** The suite's figures, printed when FAULTS_REPORT=1: cases run and violations per invariant, explained or not. */
import { countByInvariant, type Violation } from './violations';

/** One run's violations, and those no known finding explains. */
export interface Found {
  run: string;
  violations: Violation[];
  unexplained: Violation[];
}

export function report(figures: Record<string, unknown>, found: readonly Found[]): void {
  if (process.env.FAULTS_REPORT !== '1') return;
  const all = found.flatMap((f) => f.violations);
  const open = found.flatMap((f) => f.unexplained.map((v) => ({ ...v, run: f.run })));
  const summary = { ...figures, violations: countByInvariant(all), unexplained: countByInvariant(open), examples: open.slice(0, 10) };
  console.log(JSON.stringify(summary, null, 1));
}
