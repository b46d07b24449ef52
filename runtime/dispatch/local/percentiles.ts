/** Latency summaries of local runs (the city's report, the assignment benchmark). */

export interface Percentiles {
  count: number;
  p50: number;
  p99: number;
}

/** Nearest-rank percentiles; zeros with count 0 when there are no values. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: 0, p99: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return { count: sorted.length, p50: rank(50), p99: rank(99) };
}
