/** What an invariant check reports: the invariant it broke and what it saw. */
export interface Violation {
  invariant: string;
  detail: string;
}

/** Counts per invariant, for reports and assertions. */
export function countByInvariant(violations: readonly Violation[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of violations) counts[v.invariant] = (counts[v.invariant] ?? 0) + 1;
  return counts;
}
