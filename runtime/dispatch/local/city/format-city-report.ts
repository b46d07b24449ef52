/** The city's report as the CLI prints it. */
import type { Percentiles } from '../../../shared/percentiles';
import type { CityReport } from './city-report';

export function formatCityReport(r: CityReport): string {
  const ms = (p: Percentiles) => (p.count === 0 ? 'n/a' : `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms (${p.count} orders)`);
  const n = (value: number) => value.toLocaleString('en');
  const refusals = Object.entries(r.refusals).map(([what, times]) => `${what} ×${times}`);
  const conflictCodes = Object.entries(r.acceptConflictCodes)
    .map(([code, times]) => ` ${code} ×${times}`)
    .join(',');
  return [
    `dispatch city (seed ${r.seed}): ${r.sellers} sellers, ${r.couriers} couriers, orders over ${r.seconds} s; ` +
      `${n(r.requests)} requests in ${r.wallSeconds.toFixed(1)} s`,
    `orders: ${r.ordersPlaced} placed, ${r.assigned} assigned, ${r.delivered} delivered, ${r.cancelled} cancelled, ` +
      `${r.unassigned} unassigned, ${r.inProgress} still under way`,
    `accepts: ${r.acceptsSent} sent by racing candidates, ${r.acceptConflicts} conflicts (409${conflictCodes})`,
    `assignment latency, order answered → accept won (apps): ${ms(r.assignmentLatencyMs)}`,
    `order created → assigned (order rows): ${ms(r.orderToAssignmentMs)}`,
    ...(r.offerDecisionMs ? [`offer decision (runtime decision log): ${ms(r.offerDecisionMs).replace('orders', 'decisions')}`] : []),
    `idempotent replays: ${r.idempotentReplays.sent} sent, ${r.idempotentReplays.sameOrder} answered with the same order`,
    `notifications: ${n(r.notificationsSent)} sent, ${r.duplicateNotifications} duplicates`,
    `refusals: ${refusals.length > 0 ? refusals.join(', ') : 'none'}${r.serverErrors > 0 ? `; ${r.serverErrors} SERVER ERRORS` : ''}`,
    `double assignments: ${r.doubleAssignments} (two winners ${r.audit.multipleWinners}, winner mismatch ${r.audit.winnerMismatch}, ` +
      `couriers over capacity ${r.audit.overCapacity}) ${r.doubleAssignments === 0 ? 'OK' : 'FAILED'}`,
  ].join('\n');
}
