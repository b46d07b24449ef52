/** The suite's figures, printed when FAULTS_REPORT=1: cases run and violations per invariant. */
import { countByInvariant, type Violation } from './violations';

/** One run's violations. */
export interface Found {
  run: string;
  violations: Violation[];
}

export function report(figures: Record<string, unknown>, found: readonly Found[]): void {
  if (process.env.FAULTS_REPORT !== '1') return;
  const all = found.flatMap((f) => f.violations.map((v) => ({ ...v, run: f.run })));
  const summary = { ...figures, violations: countByInvariant(all), examples: all.slice(0, 10) };
  console.log(JSON.stringify(summary, null, 1));
}
