/** What dispatch tells couriers and sellers (the outbox that delivers it is shared/outbox), and how it asks for delivery. */
import type { Logger } from '../shared/log';
import { markDue, queueNotifier, resendDue, type DueOutboxes, type Notification, type ResendDueResult } from '../shared/outbox';
import type { DispatchDeps } from './deps';
import type { Order } from './order-record';
import type { DispatchSettings } from './settings';

/** A courier's notifications go to the Mobile Push account named like the courier. */
export function courierNotification(courierId: string, kind: string, title: string, body: string, data?: Record<string, string>): Notification {
  return { kind, to: 'courier', recipientId: courierId, target: 'ACCOUNT', targetValue: courierId, title, body, ...(data ? { data } : {}) };
}

/** A seller's notifications go to the push target copied onto the order from the seller. */
export function sellerNotification(
  order: Pick<Order, 'orderId' | 'sellerId' | 'sellerPush'>,
  kind: string,
  title: string,
  body: string,
  data: Record<string, string> = { orderId: order.orderId },
): Notification {
  return { kind, to: 'seller', recipientId: order.sellerId, target: order.sellerPush.target, targetValue: order.sellerPush.value, title, body, data };
}

/** Queues the notifier for the order's outbox (503 when it cannot be queued). */
export function kickNotifier(deps: DispatchDeps, orderId: string, log: Logger): Promise<void> {
  return queueNotifier(deps, { orderId }, log);
}

/** Orders' due markers: `outbox_due` rows keyed like the order, holding the order `version` that adds the entries. */
export function orderOutboxDue(settings: DispatchSettings): DueOutboxes {
  return { table: settings.tables.outboxDue, versionColumn: 'version', rows: settings.tables.orders, keyColumn: 'orderId' };
}

/** Before a write that gives the order `version` and adds notifications: the sweeper finds them should the notifier never be queued. */
export function markNotificationsDue(deps: DispatchDeps, orderId: string, version: number, now: number): Promise<void> {
  return markDue(deps.store, orderOutboxDue(deps.settings), [['orderId', orderId]], version, now);
}

/**
 * The sweeper's step for orders whose writer may have died after its write (an API that never got to
 * queue the notifier): `finish` first repeats the writer's other follow-ups, then unsent
 * notifications are queued.
 */
export function resendDueNotifications(deps: DispatchDeps, log: Logger, finish?: (orderId: string) => Promise<void>): Promise<ResendDueResult> {
  return resendDue({ ...deps, due: orderOutboxDue(deps.settings), log, ...(finish ? { finish } : {}) }, deps.clock.now());
}
