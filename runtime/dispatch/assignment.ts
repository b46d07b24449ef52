/**
 * POST /orders/{id}/accept — the first valid accept of an offer wins, every other one gets 409.
 *
 * Invariant: for every courier c, activeOrders(c) ≥ |orders ASSIGNED or PICKED_UP to c|, and
 * activeOrders(c) ≤ capacity(c). Hence no courier ever carries more than its capacity, and since
 * an order takes a courier only through a conditional write from OFFERED, no order ever has two.
 * It holds under any interleaving because both rows change only through conditional writes, each
 * atomic on its own row (no cross-row transaction is needed):
 *   1. courier first: INCREMENT activeOrders IF status = ONLINE AND activeOrders < capacity
 *      (courier-load.ts). Concurrent accepts by one courier (several orders) serialise here:
 *      at most `capacity` reservations can exist at once.
 *   2. then the order: ASSIGNED IF status = OFFERED AND offerRound = r AND version = v AND
 *      offerExpiresAt > now, where the courier was in round r's candidates as read at version v.
 *      Concurrent accepts of one order serialise here: exactly one write from OFFERED succeeds.
 *   3. if 2 fails for good (someone else won, the round moved on), compensate 1 with a
 *      conditional decrement (activeOrders > 0). If 2 failed only because the version moved for
 *      another reason (e.g. the seller marked it ready), re-read and retry 2 keeping 1.
 * Crash windows: after 1 and before 2 or 3, the courier keeps a reservation it does not use —
 * activeOrders is one too high, which costs a slot until corrected, but can never let the courier
 * exceed capacity or take an order twice (the invariant's safe side). After 2, the route rows,
 * the open_offers deletion and the notifier call are idempotent and redone by a replayed accept.
 */
import { HttpError, json, notFound, pathId, requiredId } from '../shared/http';
import { courierKey } from './courier-keys';
import { reserveCourier, releaseCourier } from './courier-load';
import { logDecision, stopwatch } from './decision-log';
import type { Position } from './geo/position';
import type { Endpoint } from './endpoint';
import { hasUnsent } from '../shared/outbox';
import { columnEquals } from '../shared/table-store';
import { getOrder, orderView, writeOrder, type Order } from './order-record';
import { checkTransition, contention, WRITE_ATTEMPTS } from './order-state';
import { advanceOffer, closeOpenOffer } from './offers';
import { courierNotification, kickNotifier, sellerNotification } from './notifications';
import { readRoute, writeRoute } from './route-legs';

export const acceptOrder: Endpoint = async ({ deps, log, params, body }) => {
  const orderId = pathId(params, 'orderId');
  const courierId = requiredId(body(), 'courierId');
  const elapsed = stopwatch();
  let reservation: Awaited<ReturnType<typeof reserveCourier>> | undefined;
  let committed = false;
  try {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const order = await getOrder(deps, orderId);
      if (!order) throw notFound('order', orderId, 'orderId');
      if (order.status === 'ASSIGNED' && order.courierId === courierId) {
        // A replay of the accept that won: finish what it may not have.
        await finishAssignment(order.courierId, order, undefined);
        return json(200, { order: orderView(order) });
      }
      checkTransition('accept', order.status);
      if (!order.offerCandidates.includes(courierId)) {
        throw new HttpError(403, 'not_offered', `order ${orderId} is not offered to courier ${courierId} in its current round`, 'courierId');
      }
      const now = deps.clock.now();
      if (order.offerExpiresAt <= now) {
        // Expired but not yet swept: move it on now rather than wait for the sweeper.
        const moved = await advanceOffer(deps, order, log.child({ orderId }));
        if (moved.notified) await kickNotifier(deps, orderId, log);
        throw new HttpError(409, 'offer_expired', `the offer of order ${orderId} expired`, undefined, { currentState: moved.order.status });
      }
      if (!reservation?.ok) {
        reservation = await reserveCourier(deps, courierId);
        if (!reservation.ok) {
          if (reservation.reason === 'unknown') throw notFound('courier', courierId, 'courierId');
          throw new HttpError(
            409,
            reservation.reason === 'offline' ? 'courier_offline' : 'courier_at_capacity',
            `courier ${courierId} cannot take another order (${reservation.reason})`,
            'courierId',
          );
        }
      }
      const others = order.offerCandidates.filter((id) => id !== courierId);
      const after = await writeOrder(
        deps,
        order,
        {
          put: { status: 'ASSIGNED', courierId, assignedAt: now, offerExpiresAt: 0 },
          notifications: [
            sellerNotification(order, 'ASSIGNED', 'Courier assigned', `Courier ${courierId} is on the way for order ${orderId}.`, {
              orderId,
              courierId,
            }),
            // The other candidates' apps withdraw the offer.
            ...others.map((id) => courierNotification(id, 'OFFER_TAKEN', 'Offer taken', `Order ${orderId} went to another courier.`, { orderId })),
          ],
          conditions: [
            columnEquals('offerRound', order.offerRound),
            { column: 'offerExpiresAt', op: '>', value: now, passIfMissing: false },
          ],
        },
        now,
      );
      if (!after) continue;
      committed = true;
      const c = reservation.courier;
      const position = typeof c.lat === 'number' && typeof c.lon === 'number' ? { lat: c.lat, lon: c.lon } : undefined;
      // Without a known position leg 1 is left out (the courier was a candidate, so it has one).
      logDecision(log, {
        decision: 'assign',
        orderId,
        sellerId: order.sellerId,
        round: order.offerRound,
        winner: courierId,
        courierId,
        candidateCount: order.offerCandidates.length,
        offeredTo: order.offerCandidates.join(','),
        durationMs: elapsed(),
      });
      await finishAssignment(courierId, after, position);
      return json(200, { order: orderView(after) });
    }
    throw contention();
  } finally {
    if (reservation?.ok && !committed) await releaseCourier(deps, courierId, log);
  }

  /** Route, open-offer row, notifier: idempotent, so a replayed accept redoes what a crash skipped. */
  async function finishAssignment(winner: string, order: Order, position: Position | undefined): Promise<void> {
    if (position) {
      await writeRoute(deps, order, winner, position, deps.clock.now());
    } else if ((await readRoute(deps, order.orderId)).length === 0) {
      const row = await deps.store.getRow(deps.settings.tables.couriers, courierKey(winner));
      const courier = row && typeof row.lat === 'number' && typeof row.lon === 'number' ? { lat: row.lat, lon: row.lon } : undefined;
      await writeRoute(deps, order, winner, courier, deps.clock.now());
    }
    await closeOpenOffer(deps, order.orderId);
    if (hasUnsent(order.outbox)) await kickNotifier(deps, order.orderId, log);
  }
};
