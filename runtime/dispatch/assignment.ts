/**
 * POST /orders/{id}/accept — the first valid accept of an offer wins, every other one gets 409.
 *
 * Invariant: for every courier c, activeOrders(c) = |slots c holds| (courier-load.ts: one column per
 * order, changed with the count in one write) ≥ |orders ASSIGNED or PICKED_UP to c|, and
 * activeOrders(c) ≤ capacity(c). Hence no courier ever carries more than its capacity, and since
 * an order takes a courier only through a conditional write from OFFERED, no order ever has two.
 * It holds under any interleaving because both rows change only through conditional writes, each
 * atomic on its own row (no cross-row transaction is needed):
 *   1. courier first: hold a slot for this order IF status = ONLINE AND activeOrders < capacity,
 *      or find it held already (a retried accept: nothing is counted twice).
 *   2. then the order: ASSIGNED IF status = OFFERED AND offerRound = r AND version = v AND
 *      offerExpiresAt > now, where the courier was in round r's candidates as read at version v.
 *      Concurrent accepts of one order serialise here: exactly one write from OFFERED succeeds.
 *   3. unless 2 is known to have landed, give the slot back only if the order, read again, does not
 *      need it (courier-slots.ts): a write that landed with its answer lost keeps its slot.
 * Crash windows: after 1, the slot is held for the order; the client's retry finds it, and if
 * nobody retries it is given back once the order is assigned or its round moves on (offers.ts), the
 * courier next needs a slot or sets its status. After 2, the route rows, the open_offers deletion and the notifier call are
 * idempotent and redone by a replayed accept.
 */
import { HttpError, json, notFound, pathId, requiredId } from '../shared/http';
import { courierKey } from './courier-keys';
import { reserveCourier, type Reservation } from './courier-load';
import { couriersOf, reclaimSlots, settleSlot, settleSlots } from './courier-slots';
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
  let reservation: Reservation | undefined;
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
        throw new HttpError(409, 'offer_expired', `the offer of order ${orderId} expired`, undefined, { currentState: moved.order.status });
      }
      // Every attempt: the slot's token must name the round this attempt writes against (courier-slots.ts).
      reservation = await reserveCourier(deps, courierId, orderId, order.offerRound, (courier) => reclaimSlots(deps, courierId, courier));
      if (!reservation.ok) {
        if (reservation.reason === 'unknown') throw notFound('courier', courierId, 'courierId');
        throw new HttpError(
          409,
          reservation.reason === 'offline' ? 'courier_offline' : 'courier_at_capacity',
          `courier ${courierId} cannot take another order (${reservation.reason})`,
          'courierId',
        );
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
    // Not "committed" also covers a write that landed with its answer lost: the order decides.
    if (reservation?.ok && !committed) await settleSlot(deps, courierId, orderId);
  }

  /** Route, open-offer row, losers' slots, notifier: idempotent, so a replayed accept redoes what a crash skipped. */
  async function finishAssignment(winner: string, order: Order, position: Position | undefined): Promise<void> {
    if (position) {
      await writeRoute(deps, order, winner, position, deps.clock.now());
    } else if ((await readRoute(deps, order.orderId)).length === 0) {
      const row = await deps.store.getRow(deps.settings.tables.couriers, courierKey(winner));
      const courier = row && typeof row.lat === 'number' && typeof row.lon === 'number' ? { lat: row.lat, lon: row.lon } : undefined;
      await writeRoute(deps, order, winner, courier, deps.clock.now());
    }
    await closeOpenOffer(deps, order.orderId);
    // Slots the losing candidates' accepts kept when they died, this round's or an earlier one's (a full courier is
    // not offered anything to reclaim them).
    await settleSlots(deps, couriersOf(order).filter((id) => id !== winner), order.orderId);
    if (hasUnsent(order.outbox)) await kickNotifier(deps, order.orderId, log);
  }
};
