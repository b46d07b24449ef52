/**
 * Every dispatch decision is one structured log line, so Log Service can index and query it:
 * an offer round (candidates with scores, who was offered, the search cost), an assignment (the
 * winner), or giving up after settings.maxOfferRounds. DECISION_LOG_FIELDS lists every field such a
 * line carries, with its index type (in settings.ts: the construct indexes them); DecisionFields
 * only accepts these names, so the line and the index cannot drift apart.
 */
import type { Logger } from '../shared/log';
import { DECISION_LOG_FIELDS } from './settings';

export { DECISION_LOG_FIELDS };


export type DecisionField = (typeof DECISION_LOG_FIELDS)[number]['name'];
export type DecisionFields = Partial<Record<DecisionField, string | number>> & { decision: 'offer' | 'assign' | 'exhausted' };

export const DECISION_MSG = 'dispatch decision';

export function logDecision(log: Logger, fields: DecisionFields): void {
  log.info(DECISION_MSG, fields);
}

/**
 * Time a decision took, in milliseconds with microsecond resolution: measured with the
 * monotonic clock, not deps.clock, which is business time (and fixed in tests).
 */
export function stopwatch(): () => number {
  const start = performance.now();
  return () => Math.round((performance.now() - start) * 1000) / 1000;
}
