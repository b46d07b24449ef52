/** What dispatch tells couriers and sellers (the outbox that delivers it is shared/outbox), and how it asks for delivery. */
import type { Logger } from '../shared/log';
import { queueNotifier, type Notification } from '../shared/outbox';
import type { DispatchDeps } from './deps';
import type { Order } from './order-record';

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
