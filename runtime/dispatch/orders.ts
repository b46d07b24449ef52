/**
 * POST /orders (idempotent by idempotencyKey) and GET /orders/{id}.
 *
 * The order id is derived from the idempotency key and the row is put with EXPECT_NOT_EXIST, so a
 * repeated request can never create a second order: it finds the first one and answers 200 with
 * its current state (201 the first time). The same key with a different request is refused (409,
 * field idempotencyKey). A replay also finishes what the first request may not have (the first offer
 * round, queuing the notifier), which closes the crash windows after the put.
 */
import type { Logger } from '../shared/log';
import { HttpError, json, notFound, pathId, requiredId } from '../shared/http';
import { idForKey, requestHashOf } from '../shared/http/idempotency';
import { hasUnsent, outboxColumns } from '../shared/outbox';
import { ifCondition } from '../shared/table-store';
import type { DispatchDeps } from './deps';
import type { Endpoint } from './endpoint';
import { getOrder, orderFromRow, orderKey, orderView, type Order } from './order-record';
import { advanceOffer, markOpenOffer, offerDue, searchAhead } from './offers';
import { kickNotifier, sellerNotification } from './notifications';
import { readRoute } from './route-legs';
import { getSeller } from './sellers';
import { requiredIdempotencyKey, requiredItems, requiredPosition } from './domain-fields';

/** `o` + 32 hex characters of sha256(key): the same key always names the same order. */
export function orderIdFor(idempotencyKey: string): string {
  return idForKey('o', 'order', idempotencyKey);
}

export const createOrder: Endpoint = async ({ deps, log, body }) => {
  const input = body();
  const sellerId = requiredId(input, 'sellerId');
  const items = requiredItems(input, 'items');
  const dropoff = requiredPosition(input, 'dropoff');
  const idempotencyKey = requiredIdempotencyKey(input, 'idempotencyKey', 128);
  const requestHash = requestHashOf({ sellerId, items, dropoff });
  const orderId = orderIdFor(idempotencyKey);

  // Read together: a new order needs both, and a replay costs one row read more, not a round trip.
  const [existing, seller] = await Promise.all([getOrder(deps, orderId), getSeller(deps, sellerId)]);
  if (existing) return replayCreate(deps, existing, requestHash, log);
  if (!seller) throw notFound('seller', sellerId, 'sellerId');

  const now = deps.clock.now();
  // The first round's search only reads, so it runs while the order is written instead of after.
  const ahead = searchAhead(deps, seller.location, dropoff, now);
  // Before the order exists, so the sweeper always finds an order whose dispatch is unsettled.
  await markOpenOffer(deps, orderId, now);
  const itemCount = items.reduce((n, item) => n + item.quantity, 0);
  const summary = `Order ${orderId}: ${itemCount} item(s).`;
  const newOrder = sellerNotification({ orderId, sellerId, sellerPush: seller.push }, 'NEW_ORDER', 'New order', summary);
  const row = {
    status: 'CREATED',
    version: 1,
    sellerId,
    sellerLat: seller.location.lat,
    sellerLon: seller.location.lon,
    sellerPushTarget: seller.push.target,
    sellerPushValue: seller.push.value,
    items: JSON.stringify(items),
    dropoffLat: dropoff.lat,
    dropoffLon: dropoff.lon,
    idempotencyKey,
    requestHash,
    createdAt: now,
    updatedAt: now,
    offerRound: 0,
    offerCandidates: '[]',
    offerExpiresAt: 0,
    ...outboxColumns(0, [newOrder]),
  };
  if (!(await ifCondition(() => deps.store.putRow(deps.settings.tables.orders, orderKey(orderId), row, { row: 'EXPECT_NOT_EXIST' })))) {
    // A concurrent request with the same key won.
    const winner = await getOrder(deps, orderId);
    if (!winner) throw new Error(`order ${orderId} exists (its put was refused) but cannot be read`);
    return replayCreate(deps, winner, requestHash, log);
  }
  const created = orderFromRow(orderId, row);
  const { order, notified } = await advanceOffer(deps, created, log.child({ orderId }), ahead);
  // The NEW_ORDER notification is unsent; a round that found nobody queued nothing for it.
  if (!notified) await kickNotifier(deps, orderId, log);
  return json(201, { order: orderView(order) });
};

async function replayCreate(deps: DispatchDeps, order: Order, requestHash: string, log: Logger) {
  if (order.requestHash !== requestHash) {
    throw new HttpError(409, 'idempotency_key_reused', 'idempotencyKey was already used for a different order', 'idempotencyKey', {
      orderId: order.orderId,
    });
  }
  let current = order;
  let notified = false;
  if (order.offerRound === 0 && offerDue(order, deps.clock.now())) {
    ({ order: current, notified } = await advanceOffer(deps, order, log.child({ orderId: order.orderId })));
  } else if ((order.status === 'CREATED' || order.status === 'OFFERED') && order.noCourierAt === undefined) {
    // The first request may have died after its offer and before re-marking open_offers, which a sweep had dropped meanwhile.
    await markOpenOffer(deps, order.orderId, order.offerExpiresAt);
  }
  if (!notified && hasUnsent(current.outbox)) await kickNotifier(deps, order.orderId, log);
  return json(200, { order: orderView(current) });
}

export const getOrderEndpoint: Endpoint = async ({ deps, params }) => {
  const orderId = pathId(params, 'orderId');
  const order = await getOrder(deps, orderId);
  if (!order) throw notFound('order', orderId, 'orderId');
  const route = order.courierId ? await readRoute(deps, orderId) : [];
  return json(200, { order: { ...orderView(order), route } });
};
