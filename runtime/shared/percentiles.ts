/** Latency summaries of local runs and benchmarks (the city's report, the IoT run, the assignment benchmark). */

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
}

/** The nearest-rank `p`-th percentile of values already sorted ascending (at least one). */
function rank(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Nearest-rank p50 and p99; zeros with count 0 when there are no values. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: rank(sorted, 50), p99: rank(sorted, 99) };
}

/** One nearest-rank percentile of values (at least one). */
export function percentile(values: readonly number[], p: number): number {
  return rank([...values].sort((a, b) => a - b), p);
}
