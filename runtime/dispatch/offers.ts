/**
 * Offer rounds. A round searches the courier index around the seller (excluding every courier an
 * earlier offer reached), offers the order to the best settings.offerSize candidates for
 * settings.offerTtlSeconds, and queues an OFFER notification to each in the same write. A round
 * that finds nobody leaves the order CREATED and is retried after the TTL; after
 * settings.maxOfferRounds rounds the order stays CREATED with `noCourierAt` and the seller is told.
 *
 * An OFFER expires with its round: a notifier that reaches it only later (its writer died before
 * queueing one, and a sweep or a due marker queued it late) records it EXPIRED instead of pushing
 * it. Only an offer the outbox recorded SENT excludes its courier from later rounds, so a courier
 * who never saw one in time is offered again; one whose SENT record was lost may be offered again
 * too, the lesser harm.
 *
 * Once the offer is written, each offered courier's row is marked `offerLoadUntil` = the offer's
 * expiry (courier-index.ts), so the next orders' searches rank it as one order busier until then
 * and a seller's burst of orders spreads over more couriers. The mark is a ranking hint only:
 * written after the order (a round that lost the race marks nobody), never excluding anyone,
 * ignored by the accept path, and expiring by itself.
 *
 * The open_offers table (settings.tables.openOffers, primary key orderId, column expiresAt) lists
 * the orders whose dispatch is not settled, so the sweeper reads only those. Its row is written
 * BEFORE the order could need it (at creation) and deleted only AFTER the order no longer does, so
 * a crash in between leaves a stale row (the sweeper drops it) and never an unswept order.
 * `expiresAt` is a hint, never later than the order's own due time; the order row decides. The
 * sweeper leaves a row without an order while it is younger than DUE_GRACE_MS (a create between its
 * two writes), and deletes one only while its expiresAt is what it read.
 *
 * The row is also a round's due marker. A round is written while the row is due (the order is due,
 * and the hint is never later), and the row is re-marked or closed only after the notifier is
 * queued: so the next sweep finds a round whose writer died before queueing it, and queues it. No
 * outbox_due marker (one more round trip before the write) is written for a round.
 */
import type { Logger } from '../shared/log';
import type { PrimaryKey } from '../shared/ports';
import { columnEquals, ifCondition } from '../shared/table-store';
import { findCandidates, markPendingOffers } from './courier-index';
import type { Position } from './geo/position';
import type { CandidateSearch } from './nearest-search';
import { settleOrderSlots } from './courier-slots';
import { logDecision, stopwatch } from './decision-log';
import type { DispatchDeps } from './deps';
import { writeOrder, type Order } from './order-record';
import { courierNotification, kickNotifier, sellerNotification } from './notifications';

export const openOfferKey = (orderId: string): PrimaryKey => [['orderId', orderId]];

export async function markOpenOffer(deps: DispatchDeps, orderId: string, expiresAt: number): Promise<void> {
  await deps.store.putRow(deps.settings.tables.openOffers, openOfferKey(orderId), { expiresAt });
}

/**
 * Deletes the order's open_offers row; with `asRead` (the expiresAt the caller judged the row by),
 * only while the row still says that, so a row re-marked since (an order created meanwhile) stays.
 */
export async function closeOpenOffer(deps: DispatchDeps, orderId: string, asRead?: number): Promise<void> {
  const condition = asRead === undefined ? undefined : { row: 'EXPECT_EXIST' as const, column: columnEquals('expiresAt', asRead) };
  // Already gone (or re-marked) is as good as deleted.
  await ifCondition(() => deps.store.deleteRow(deps.settings.tables.openOffers, openOfferKey(orderId), condition));
}

/** Couriers an OFFER of the order reached: recorded SENT in its outbox. */
export function reachedCouriers(order: Order): Set<string> {
  return new Set(order.outbox.filter((e) => e.message.kind === 'OFFER' && e.state === 'SENT').map((e) => e.message.recipientId));
}

/** Whether the order's dispatch should move on now: never offered, or its round has expired. */
export function offerDue(order: Order, now: number): boolean {
  if (order.status === 'OFFERED') return order.offerExpiresAt <= now;
  return order.status === 'CREATED' && order.noCourierAt === undefined && order.offerExpiresAt <= now;
}

export type OfferOutcome = 'offered' | 'no-candidates' | 'exhausted' | 'not-due' | 'lost-race';

export interface OfferResult {
  outcome: OfferOutcome;
  /** The order after this step (as read when nothing was written). */
  order: Order;
  /**
   * Whether this step queued the notifier. It does so right after a write that added notifications and before
   * re-marking open_offers: a retry of an invocation that died after that hint skips the order as not due.
   */
  notified: boolean;
}

/** A new order's first search, started at `now` while the order is still being written: it excludes nobody. */
export interface SearchAhead {
  now: number;
  search: Promise<CandidateSearch>;
}

/** Starts the first round's search (reads only) so it runs alongside the writes that create the order. */
export function searchAhead(deps: DispatchDeps, seller: Position, dropoff: Position, now: number): SearchAhead {
  const search = findCandidates(deps.store, deps.settings, seller, dropoff, now, { want: deps.settings.offerSize });
  // Nobody awaits it when the create fails first; its own failure then is no one's to report.
  search.catch(() => undefined);
  return { now, search };
}

/**
 * One dispatch step for an order: the next round, or giving up. Safe to run concurrently (versioned write).
 * `ahead` is the round's search already under way, used while no offer has reached anyone yet.
 */
export async function advanceOffer(deps: DispatchDeps, order: Order, log: Logger, ahead?: SearchAhead): Promise<OfferResult> {
  const elapsed = stopwatch();
  const now = ahead?.now ?? deps.clock.now();
  if (!offerDue(order, now)) return { outcome: 'not-due', order, notified: false };
  const { settings } = deps;

  if (order.offerRound >= settings.maxOfferRounds) {
    const body = `No courier accepted order ${order.orderId} after ${order.offerRound} rounds.`;
    const notice = sellerNotification(order, 'NO_COURIER', 'No courier found', body);
    const after = await writeOrder(
      deps,
      order,
      { put: { status: 'CREATED', noCourierAt: now, offerExpiresAt: 0, offerCandidates: '[]' }, notifications: [notice], sweptWhileUnsent: true },
      now,
    );
    if (!after) return { outcome: 'lost-race', order, notified: false };
    await settleOrderSlots(deps, order);
    await kickNotifier(deps, order.orderId, log);
    await closeOpenOffer(deps, order.orderId);
    logDecision(log, { decision: 'exhausted', orderId: order.orderId, sellerId: order.sellerId, round: order.offerRound, durationMs: elapsed() });
    return { outcome: 'exhausted', order: after, notified: true };
  }

  const exclude = reachedCouriers(order);
  const search =
    ahead && exclude.size === 0
      ? await ahead.search
      : await findCandidates(deps.store, settings, order.seller, order.dropoff, now, { exclude, want: settings.offerSize });
  const chosen = search.candidates.slice(0, settings.offerSize);
  const round = order.offerRound + 1;
  const expiresAt = now + settings.offerTtlSeconds * 1000;
  const offeredTo = chosen.map((c) => c.courierId);
  const notifications = chosen.map((c) => ({
    ...courierNotification(
      c.courierId,
      'OFFER',
      'New delivery offer',
      `Pickup ${Math.round(c.distanceToSellerMeters)} m away, accept within ${settings.offerTtlSeconds} s.`,
      {
        orderId: order.orderId,
        round: String(round),
        expiresAt: new Date(expiresAt).toISOString(),
      },
    ),
    expiresAt,
  }));
  const after = await writeOrder(
    deps,
    order,
    {
      put: {
        status: chosen.length > 0 ? 'OFFERED' : 'CREATED',
        offerRound: round,
        offerCandidates: JSON.stringify(offeredTo),
        offerExpiresAt: expiresAt,
      },
      notifications,
      sweptWhileUnsent: true,
    },
    now,
  );
  if (!after) return { outcome: 'lost-race', order, notified: false };
  // The rounds left behind: slots held by their candidates' accepts that died are given back (an earlier round's too,
  // when the writer that left it died before this step).
  await settleOrderSlots(deps, order);
  if (notifications.length > 0) await kickNotifier(deps, order.orderId, log);
  const [, unmarked] = await Promise.all([
    markOpenOffer(deps, order.orderId, expiresAt),
    markPendingOffers(deps.store, settings, offeredTo, expiresAt),
  ]);
  // The offer stands without its marks; they only spread later orders.
  for (const { courierId, error } of unmarked) {
    log.warn('could not mark courier as offered', {
      orderId: order.orderId,
      courierId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  const best = chosen[0];
  logDecision(log, {
    decision: 'offer',
    orderId: order.orderId,
    sellerId: order.sellerId,
    round,
    candidates: JSON.stringify(
      search.candidates.map((c) => ({
        courierId: c.courierId,
        score: c.score,
        distanceToSellerMeters: Math.round(c.distanceToSellerMeters),
        activeOrders: c.activeOrders,
        pendingOffer: c.pendingOffer,
        capacity: c.capacity,
        ageSeconds: c.ageSeconds,
      })),
    ),
    candidateCount: search.candidates.length,
    offeredTo: offeredTo.join(','),
    excludedCount: exclude.size,
    ...(best ? { winner: best.courierId, winnerScore: best.score, winnerDistanceMeters: Math.round(best.distanceToSellerMeters) } : {}),
    rings: search.rings,
    cellsScanned: search.cellsScanned,
    rowsRead: search.rowsRead,
    durationMs: elapsed(),
  });
  return { outcome: chosen.length > 0 ? 'offered' : 'no-candidates', order: after, notified: notifications.length > 0 };
}
