/** The city's report: what the apps saw, counted, and the audit. */
import type { PushRequest } from '../../../shared/ports';
import { percentiles, type Percentiles } from '../../../shared/percentiles';
import type { CityApi } from './city-api';
import type { CityCounts, OrderPlan } from './city-model';
import type { CourierJobs } from './courier-jobs';
import type { OrderArrivals } from './order-arrivals';
import type { OrderAudit, OrderView } from './order-audit';

export interface CityReport {
  seed: number;
  sellers: number;
  couriers: number;
  seconds: number;
  ordersPlaced: number;
  /** Orders a courier took (cancelled or not since). */
  assigned: number;
  delivered: number;
  cancelled: number;
  /** Neither taken nor cancelled: no candidate nearby, or every candidate was full. */
  unassigned: number;
  /** Assigned or picked up when the run ended. */
  inProgress: number;
  acceptsSent: number;
  /** 409 answers to accepts: someone else won, or the courier was full. */
  acceptConflicts: number;
  /** The same 409s by error code, e.g. invalid_transition (the order was taken), courier_at_capacity. */
  acceptConflictCodes: Record<string, number>;
  /** POST /orders answered → first accept answered 200, as the apps saw it. */
  assignmentLatencyMs: Percentiles;
  /** assignedAt − createdAt on the orders: the platform's side of the same span. */
  orderToAssignmentMs: Percentiles;
  /** durationMs of the runtime's offer decisions (its decision log); set by runs that can read the log. */
  offerDecisionMs?: Percentiles;
  /** Must be 0: the sum of the three audit counts. */
  doubleAssignments: number;
  audit: OrderAudit;
  idempotentReplays: { sent: number; sameOrder: number };
  notificationsSent: number;
  /** Pushes whose notificationId had been sent before (at-least-once delivery; apps drop them). */
  duplicateNotifications: number;
  /** Answers other than 2xx (besides accept 409s) by route and status, e.g. a pickup after a cancel. */
  refusals: Record<string, number>;
  serverErrors: number;
  requests: number;
  wallSeconds: number;
}

/** What the run saw, for the report. */
export interface CityRecord {
  seed: number;
  counts: CityCounts;
  seconds: number;
  /** The plans whose POST /orders answered, and their orders as read back at the end. */
  placed: readonly OrderPlan[];
  views: readonly OrderView[];
  audit: OrderAudit;
  jobs: CourierJobs;
  arrivals: OrderArrivals;
  /** The pushes sent during the run. */
  pushes: readonly PushRequest[];
  api: CityApi;
  wallSeconds: number;
}

export function cityReport(run: CityRecord): CityReport {
  const { views, placed, jobs, audit } = run;
  const count = (status: string) => views.filter((v) => v.status === status).length;
  return {
    seed: run.seed,
    sellers: run.counts.sellers,
    couriers: run.counts.couriers,
    seconds: run.seconds,
    ordersPlaced: placed.length,
    assigned: views.filter((v) => v.assignedAt !== undefined).length,
    delivered: count('DELIVERED'),
    cancelled: count('CANCELLED'),
    unassigned: views.filter((v) => v.assignedAt === undefined && v.status !== 'CANCELLED').length,
    inProgress: count('ASSIGNED') + count('PICKED_UP'),
    acceptsSent: jobs.acceptsSent,
    acceptConflicts: jobs.acceptConflicts,
    acceptConflictCodes: jobs.acceptConflictCodes,
    // An accept can win before the customer's app has its answer; that counts as no wait at all.
    assignmentLatencyMs: percentiles(placed.flatMap((o) => {
      const wonAt = jobs.wonAt.get(o.orderId!);
      return wonAt === undefined ? [] : [Math.max(0, wonAt - o.answeredAt!)];
    })),
    orderToAssignmentMs: percentiles(views.flatMap((v) => (v.assignedAt && v.createdAt ? [Date.parse(v.assignedAt) - Date.parse(v.createdAt)] : []))),
    doubleAssignments: audit.multipleWinners + audit.winnerMismatch + audit.overCapacity,
    audit,
    idempotentReplays: { sent: run.arrivals.replays, sameOrder: run.arrivals.sameOrder },
    notificationsSent: run.pushes.length,
    duplicateNotifications: duplicateNotifications(run.pushes),
    refusals: run.api.refusals,
    serverErrors: run.api.serverErrors,
    requests: run.api.requests,
    wallSeconds: run.wallSeconds,
  };
}

/** Pushes whose notificationId had been sent before. */
function duplicateNotifications(pushes: readonly PushRequest[]): number {
  const ids = new Set<string>();
  let duplicates = 0;
  for (const p of pushes) {
    const id = p.extParameters?.notificationId;
    if (id && ids.has(id)) duplicates++;
    if (id) ids.add(id);
  }
  return duplicates;
}
