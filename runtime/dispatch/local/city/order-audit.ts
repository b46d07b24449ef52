/** The end-of-run audit: no order may have had two couriers, and no courier more orders at once than its capacity. */
import type { Position } from '../../geo/position';

/** An order as GET /orders/{id} answers it. */
export interface OrderView {
  orderId: string;
  status: string;
  sellerId: string;
  dropoff: Position;
  courierId?: string;
  createdAt?: string;
  assignedAt?: string;
  deliveredAt?: string;
  cancelledAt?: string;
}

export interface OrderAudit {
  /** Orders whose accept answered 200 to more than one courier. */
  multipleWinners: number;
  /** Orders whose courier is not the one whose accept answered 200. */
  winnerMismatch: number;
  /** Couriers that held more orders at once than their capacity (assignedAt … deliveredAt/cancelledAt). */
  overCapacity: number;
}

/** `winners`: the couriers whose accept answered 200, by order id. */
export function auditOrders(
  views: readonly OrderView[],
  winners: ReadonlyMap<string, ReadonlySet<string>>,
  capacityOf: (courierId: string) => number,
): OrderAudit {
  let multipleWinners = 0;
  let winnerMismatch = 0;
  const held = new Map<string, Array<[at: number, change: 1 | -1]>>();
  for (const view of views) {
    const won = [...(winners.get(view.orderId) ?? [])];
    if (won.length > 1) multipleWinners++;
    else if (view.courierId !== won[0]) winnerMismatch++;
    if (!view.courierId || !view.assignedAt) continue;
    const changes = held.get(view.courierId) ?? [];
    changes.push([Date.parse(view.assignedAt), 1]);
    const released = view.deliveredAt ?? view.cancelledAt;
    if (released) changes.push([Date.parse(released), -1]);
    held.set(view.courierId, changes);
  }
  let overCapacity = 0;
  for (const [courierId, changes] of held) {
    // The runtime frees a slot after the write that ends an order, so at equal times the release comes first.
    changes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let load = 0;
    let peak = 0;
    for (const [, change] of changes) peak = Math.max(peak, (load += change));
    if (peak > capacityOf(courierId)) overCapacity++;
  }
  return { multipleWinners, winnerMismatch, overCapacity };
}
