/**
 * POST /orders/{id}/cancel, /pickup, /deliver, /ready: one versioned conditional write each (the
 * state change and its notifications together), retried on concurrent changes. A request whose
 * change already happened (same actor) answers 200 again and re-queues unsent notifications.
 * Side effects on other rows (giving back the courier's slot, closing the open offer) run after the
 * write that won and again on every replay: each is idempotent (a slot is released only while held,
 * courier-slots.ts), so a crash in between costs nothing once the client retries.
 */
import { HttpError, json, notFound, optionalString, pathId, requiredId, type JsonObject } from '../shared/http';
import { hasUnsent } from '../shared/outbox';
import { courierKey } from './courier-keys';
import { settleOrderSlots, settleSlot } from './courier-slots';
import type { DispatchDeps } from './deps';
import type { Endpoint, EndpointContext } from './endpoint';
import { getOrder, orderView, writeOrder, type Order, type OrderChange } from './order-record';
import { checkTransition, contention, WRITE_ATTEMPTS, type OrderAction } from './order-state';
import { closeOpenOffer } from './offers';
import { courierNotification, kickNotifier, sellerNotification } from './notifications';

interface ActionOptions {
  reason?: string;
}

interface ActionSpec {
  action: Exclude<OrderAction, 'accept'>;
  /** Who acts, from the body; checked to exist (404) and to own the order (403). */
  actor?: 'courierId' | 'sellerId';
  /** The change already happened by this actor: a replay. */
  done(order: Order, actor: string | undefined): boolean;
  owns?(order: Order, actor: string): boolean;
  /** Optional body fields besides the actor, validated before anything is read. */
  options?(input: JsonObject): ActionOptions;
  change(order: Order, now: number, options: ActionOptions): OrderChange;
  /** Idempotent steps on other rows, after the write and on every replay. */
  settle?(deps: DispatchDeps, order: Order): Promise<void>;
}

const closedOffer = { offerExpiresAt: 0, offerCandidates: '[]' };

const SPECS: Record<ActionSpec['action'], ActionSpec> = {
  cancel: {
    action: 'cancel',
    done: (order) => order.status === 'CANCELLED',
    options: (input) => ({ reason: optionalString(input, 'reason', 200) }),
    change: (order, now, { reason }) => {
      return {
        put: { status: 'CANCELLED', cancelledAt: now, ...closedOffer, ...(reason === undefined ? {} : { cancelReason: reason }) },
        notifications: [
          sellerNotification(order, 'CANCELLED', 'Order cancelled', `Order ${order.orderId} was cancelled.`),
          ...(order.status === 'ASSIGNED' && order.courierId
            ? [
                courierNotification(order.courierId, 'CANCELLED', 'Order cancelled', `Order ${order.orderId} was cancelled.`, {
                  orderId: order.orderId,
                }),
              ]
            : []),
        ],
      };
    },
    settle: async (deps, order) => {
      await closeOpenOffer(deps, order.orderId);
      // The courier's slot, and those of any round's candidates whose accepts died (the outbox names them all).
      await settleOrderSlots(deps, order);
    },
  },
  pickup: {
    action: 'pickup',
    actor: 'courierId',
    done: (order, courierId) => order.status === 'PICKED_UP' && order.courierId === courierId,
    owns: (order, courierId) => order.courierId === courierId,
    change: (order, now) => ({
      put: { status: 'PICKED_UP', pickedUpAt: now },
      notifications: [sellerNotification(order, 'PICKED_UP', 'Order picked up', `Courier ${order.courierId} picked up order ${order.orderId}.`)],
    }),
  },
  deliver: {
    action: 'deliver',
    actor: 'courierId',
    done: (order, courierId) => order.status === 'DELIVERED' && order.courierId === courierId,
    owns: (order, courierId) => order.courierId === courierId,
    change: (order, now) => ({
      put: { status: 'DELIVERED', deliveredAt: now },
      notifications: [sellerNotification(order, 'DELIVERED', 'Order delivered', `Order ${order.orderId} was delivered.`)],
    }),
    settle: async (deps, order) => {
      await settleSlot(deps, order.courierId!, order.orderId);
    },
  },
  ready: {
    action: 'ready',
    actor: 'sellerId',
    done: (order, sellerId) => order.readyAt !== undefined && order.sellerId === sellerId,
    owns: (order, sellerId) => order.sellerId === sellerId,
    change: (order, now) => ({
      put: { readyAt: now },
      // Only an assigned courier has anything to do with it; one assigned later sees `ready` in the order.
      notifications:
        order.status === 'ASSIGNED' && order.courierId
          ? [courierNotification(order.courierId, 'READY', 'Order ready', `Order ${order.orderId} is ready for pickup.`, { orderId: order.orderId })]
          : [],
    }),
  },
};

async function runAction(spec: ActionSpec, { deps, log, params, body }: EndpointContext) {
  const orderId = pathId(params, 'orderId');
  const input = body();
  const actor = spec.actor ? requiredId(input, spec.actor) : undefined;
  const options = spec.options?.(input) ?? {};
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const order = await getOrder(deps, orderId);
    if (!order) throw notFound('order', orderId, 'orderId');
    if (spec.done(order, actor)) {
      await spec.settle?.(deps, order);
      if (hasUnsent(order.outbox)) await kickNotifier(deps, orderId, log);
      return json(200, { order: orderView(order) });
    }
    checkTransition(spec.action, order.status);
    if (spec.actor && actor !== undefined) await checkActor(deps, spec, order, actor);
    const change = spec.change(order, deps.clock.now(), options);
    const after = await writeOrder(deps, order, change, deps.clock.now());
    if (!after) continue;
    await spec.settle?.(deps, after);
    if ((change.notifications ?? []).length > 0) await kickNotifier(deps, orderId, log);
    log.info(`order ${spec.action}`, { orderId, from: order.status, to: after.status });
    return json(200, { order: orderView(after) });
  }
  throw contention();
}

async function checkActor(deps: DispatchDeps, spec: ActionSpec, order: Order, actor: string): Promise<void> {
  const field = spec.actor!;
  const table = field === 'courierId' ? deps.settings.tables.couriers : deps.settings.tables.sellers;
  const exists = await deps.store.getRow(table, field === 'courierId' ? courierKey(actor) : [['sellerId', actor]]);
  if (!exists) throw notFound(field === 'courierId' ? 'courier' : 'seller', actor, field);
  if (spec.owns && !spec.owns(order, actor)) {
    throw new HttpError(403, 'not_your_order', `${field} ${actor} may not ${spec.action} order ${order.orderId}`, field);
  }
}

export const cancelOrder: Endpoint = (ctx) => runAction(SPECS.cancel, ctx);
export const pickupOrder: Endpoint = (ctx) => runAction(SPECS.pickup, ctx);
export const deliverOrder: Endpoint = (ctx) => runAction(SPECS.deliver, ctx);
export const markReady: Endpoint = (ctx) => runAction(SPECS.ready, ctx);
