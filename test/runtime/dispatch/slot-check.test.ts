/**
 * The reconcile for slots nothing else gives back: a courier holding a slot for an order that no
 * longer needs it (every writer that could have released it died) gets it back at its first location
 * update of the next SLOT_CHECK_WINDOW_MS window, and is offered orders again.
 */
import { SLOT_CHECK_WINDOW_MS } from '../../../runtime/dispatch/couriers';
import { harness, near } from './dispatch-harness';
import { expectLoadsMatchOrders } from './invariants';

describe('location updates check the slots a courier holds', () => {
  it('gives back a slot no order needs at the first fix of the next window, never more often', async () => {
    const h = harness({ offerSize: 1 });
    const { couriers } = h.deps.settings.tables;
    await h.seller('s1');
    await h.courier('c1', near(100), 1);
    // What a dead accept whose every follow-up also died leaves: a slot for an order that is not there.
    await h.store.updateRow(couriers, [['courierId', 'c1']], { put: { held_ogone: '1', activeOrders: 1 } }, { row: 'EXPECT_EXIST' });
    const starved = (await h.order('k1')).body.order;
    expect(starved.status).toBe('CREATED');

    const windowStart = (Math.floor(h.clock.now() / SLOT_CHECK_WINDOW_MS) + 1) * SLOT_CHECK_WINDOW_MS;
    h.clock.set(windowStart - 5_000);
    expect((await h.call('POST', '/couriers/c1/location', { location: near(110) })).status).toBe(200);
    expect((await h.courierRow('c1'))!.activeOrders).toBe(1);

    h.clock.set(windowStart);
    expect((await h.call('POST', '/couriers/c1/location', { location: near(120) })).status).toBe(200);
    const courier = (await h.courierRow('c1'))!;
    expect({ activeOrders: courier.activeOrders, held: courier.held_ogone }).toEqual({ activeOrders: 0, held: undefined });
    await expectLoadsMatchOrders(h);
    expect((await h.order('k2')).body.order.status).toBe('OFFERED');
  });

  it('keeps the slot of an order the courier carries', async () => {
    const h = harness({ offerSize: 1 });
    await h.seller('s1');
    await h.courier('c1', near(100), 1);
    const orderId = (await h.order('k1')).body.order.orderId as string;
    expect((await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' })).status).toBe(200);
    h.clock.advance(SLOT_CHECK_WINDOW_MS);
    expect((await h.call('POST', '/couriers/c1/location', { location: near(120) })).status).toBe(200);
    expect((await h.courierRow('c1'))!.activeOrders).toBe(1);
    await expectLoadsMatchOrders(h);
  });
});
