/**
 * Which courier slots orders still need, and giving back the ones they do not. A slot held for an
 * order is needed while the order carries the courier (ASSIGNED or PICKED_UP to it) or may still
 * become assigned to it (OFFERED with the courier among the current round's candidates).
 *
 * Safe against a concurrent accept because the courier row is read before the order: an accept
 * reserves (or confirms its token, the round) only after reading the order OFFERED to it, so an
 * order read after that reservation shows that round or a later version, against which the accept's
 * versioned write fails. The release is conditional on the token read, so an accept that confirmed
 * the slot in between keeps it.
 */
import { courierKey } from './courier-keys';
import { heldColumn, heldOrders, releaseReservation } from './courier-load';
import type { DispatchDeps } from './deps';
import { getOrder, type Order } from './order-record';
import type { Attributes } from '../shared/ports';

export function needsSlot(order: Order | undefined, courierId: string): boolean {
  if (!order) return false;
  if (order.status === 'ASSIGNED' || order.status === 'PICKED_UP') return order.courierId === courierId;
  return order.status === 'OFFERED' && order.offerCandidates.includes(courierId);
}

/** Gives back the courier's slot for the order unless the order still needs it; true when released. Safe to repeat. */
export async function settleSlot(deps: DispatchDeps, courierId: string, orderId: string): Promise<boolean> {
  const courier = await deps.store.getRow(deps.settings.tables.couriers, courierKey(courierId));
  const token = courier?.[heldColumn(orderId)];
  return typeof token === 'string' && settleHeld(deps, courierId, orderId, token);
}

/** settleSlot for every courier of a round the order has left (reservations of accepts that died or lost). */
export async function settleSlots(deps: DispatchDeps, courierIds: readonly string[], orderId: string): Promise<void> {
  await Promise.all(courierIds.map((courierId) => settleSlot(deps, courierId, orderId)));
}

/**
 * Every courier whose slot for the order a writer that died may have left held: the one it carries and
 * every courier any of its rounds offered it to (the outbox keeps each round's OFFER entries).
 */
export function couriersOf(order: Order): string[] {
  const offered = order.outbox.filter((e) => e.message.kind === 'OFFER').map((e) => e.message.recipientId);
  return [...new Set([...(order.courierId ? [order.courierId] : []), ...order.offerCandidates, ...offered])];
}

/** settleSlot for every courier of couriersOf(order): what a sweep repeats for a writer that may have died. */
export async function settleOrderSlots(deps: DispatchDeps, order: Order): Promise<void> {
  await settleSlots(deps, couriersOf(order), order.orderId);
}

/** Frees the stale slots of a courier row as read (a full courier's, before refusing it); returns how many. */
export async function reclaimSlots(deps: DispatchDeps, courierId: string, courier: Attributes): Promise<number> {
  let freed = 0;
  for (const { orderId, token } of heldOrders(courier)) if (await settleHeld(deps, courierId, orderId, token)) freed++;
  return freed;
}

async function settleHeld(deps: DispatchDeps, courierId: string, orderId: string, token: string): Promise<boolean> {
  if (needsSlot(await getOrder(deps, orderId), courierId)) return false;
  return releaseReservation(deps, courierId, orderId, token);
}
