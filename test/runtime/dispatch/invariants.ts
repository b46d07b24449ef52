/** The dispatch invariants every fault test checks once things settle. */
import { MAX, MIN } from '../../../runtime/shared/ports';
import type { Harness } from './dispatch-harness';

async function rows(h: Harness, table: string, key: string): Promise<Array<Record<string, unknown> & { id: string }>> {
  return (await h.store.getRange(table, [[key, MIN]], [[key, MAX]])).rows.map((r) => ({ ...r.attributes, id: String(r.key[0][1]) }));
}

/** Every courier's activeOrders is the number of its ASSIGNED and PICKED_UP orders (an order names one courier by construction). */
export async function expectLoadsMatchOrders(h: Harness): Promise<void> {
  const { tables } = h.deps.settings;
  const orders = await rows(h, tables.orders, 'orderId');
  for (const courier of await rows(h, tables.couriers, 'courierId')) {
    const carried = orders.filter((o) => o.courierId === courier.id && (o.status === 'ASSIGNED' || o.status === 'PICKED_UP'));
    expect({ courierId: courier.id, activeOrders: courier.activeOrders ?? 0 }).toEqual({ courierId: courier.id, activeOrders: carried.length });
  }
}

/** No unsettled order is left with an expired offer and nothing to move it on (its open_offers row). */
export async function expectNoStrandedOffers(h: Harness): Promise<void> {
  const { tables } = h.deps.settings;
  const open = new Set((await rows(h, tables.openOffers, 'orderId')).map((r) => r.id));
  for (const order of await rows(h, tables.orders, 'orderId')) {
    if ((order.status === 'CREATED' || order.status === 'OFFERED') && order.noCourierAt === undefined) {
      expect({ orderId: order.id, swept: open.has(order.id) }).toEqual({ orderId: order.id, swept: true });
    }
  }
}
