/**
 * Two deaths in a row, which the one-fault enumeration (test/faults-suite) does not reach, and the
 * open_offers row that stands in for an offer round's outbox_due marker.
 *
 * - An accept dies right after taking the courier's slot and is never retried; the sweep that moves
 *   the order on to its next round dies right after writing it, before giving back the slots of the
 *   round it left. The next sweep finds the row due and the order not: it gives that slot back.
 * - A round's writer dies after its write and before queueing the notifier: there is no outbox_due
 *   marker for a round; the order's due open_offers row leads the next sweep to it.
 * - A sweep that meets an open_offers row with no order yet (a create between its two writes)
 *   leaves the row for the create; a row whose order never came is dropped after DUE_GRACE_MS.
 */
import { DUE_GRACE_MS } from '../../../runtime/shared/outbox';
import { createApiHandler } from '../../../runtime/dispatch/api';
import { faultyStore, FaultRun, on, wrap } from '../../faults/fault-run';
import { apiEvent, harness, near, pushes, type Harness } from './dispatch-harness';
import { callOn, sweepOn } from './fault-calls';
import { expectLoadsMatchOrders, expectNoStrandedOffers } from './invariants';

async function sweepFor(h: Harness, minutes: number): Promise<void> {
  for (let minute = 0; minute < minutes; minute++) {
    h.clock.advance(60_000);
    await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
    await h.invoker.drain();
  }
}

describe('after two deaths in a row', () => {
  it('a dead accept and a sweep killed after its next round: the slot is given back, the courier gets the next order', async () => {
    const h = harness({ offerSize: 1, offerTtlSeconds: 30 });
    const { tables } = h.deps.settings;
    await h.seller('s1');
    await h.courier('c1', near(100), 1);
    await h.courier('c2', near(300));
    const orderId = (await h.order('k1')).body.order.orderId as string;
    await h.invoker.drain();
    expect(pushes(h, 'OFFER', 'c1')).toHaveLength(1);

    const accept = new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', tables.couriers) }]);
    expect((await callOn(h, faultyStore(h.store, accept), 'POST', `/orders/${orderId}/accept`, { courierId: 'c1' })).status).toBe(500);
    expect((await h.courierRow('c1'))!.activeOrders).toBe(1);

    h.clock.advance(31_000);
    const sweep = new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', tables.orders) }]);
    expect(await sweepOn(h, faultyStore(h.store, sweep), 'sweep-1')).toBeInstanceOf(Error);
    const moved = await h.orderRow(orderId);
    expect({ status: moved!.status, offerRound: moved!.offerRound, offerCandidates: moved!.offerCandidates }).toEqual({
      status: 'OFFERED',
      offerRound: 2,
      offerCandidates: '["c2"]',
    });

    await sweepFor(h, 1);
    expect((await h.courierRow('c1'))!.activeOrders).toBe(0);
    await expectLoadsMatchOrders(h);
    const next = (await h.order('k2')).body.order;
    expect(next.status).toBe('OFFERED');
    await h.invoker.drain();
    expect((await h.call('POST', `/orders/${next.orderId}/accept`, { courierId: 'c1' })).status).toBe(200);
    await expectLoadsMatchOrders(h);
  });
});

describe("open_offers as an offer round's due marker", () => {
  it('writes no outbox_due marker for a round; a round whose writer died before queueing the notifier is pushed by the next sweep', async () => {
    const h = harness({ offerSize: 1 });
    await h.seller('s1');
    await h.courier('c1', near(100));
    const create = new FaultRun([{ mode: 'kill-before', where: on('invoker', 'invokeAsync') }]);
    const api = createApiHandler({ ...h.deps, store: faultyStore(h.store, create), invoker: wrap(h.deps.invoker, 'invoker', create) });
    expect((await api(apiEvent('POST', '/orders', body('k1')), h.context('dispatch-api'))).statusCode).toBeGreaterThanOrEqual(500);
    const snapshot = await h.snapshot();
    expect(snapshot[h.deps.settings.tables.outboxDue]).toEqual([]);
    const order = snapshot[h.deps.settings.tables.orders] as Array<{ attributes: Record<string, unknown> }>;
    expect(order.map((o) => o.attributes.status)).toEqual(['OFFERED']);
    await h.invoker.drain();
    expect(pushes(h, 'OFFER', 'c1')).toHaveLength(0);

    await sweepFor(h, 1);
    expect(pushes(h, 'OFFER', 'c1')).toHaveLength(1);
    expect(pushes(h, 'NEW_ORDER')).toHaveLength(1);
    await expectNoStrandedOffers(h);
  });

  it('keeps a young row whose order is not there yet, and drops one whose order never came after DUE_GRACE_MS', async () => {
    const h = harness();
    const { openOffers } = h.deps.settings.tables;
    await h.store.putRow(openOffers, [['orderId', 'o-on-its-way']], { expiresAt: h.clock.now() });
    await sweepFor(h, 2);
    expect(await h.store.getRow(openOffers, [['orderId', 'o-on-its-way']])).toBeDefined();
    h.clock.advance(DUE_GRACE_MS);
    await sweepFor(h, 1);
    expect(await h.store.getRow(openOffers, [['orderId', 'o-on-its-way']])).toBeUndefined();
  });
});

const body = (idempotencyKey: string) => ({
  sellerId: 's1',
  items: [{ name: 'noodles', quantity: 2 }],
  dropoff: { lat: 30.2841, lon: 120.1651 },
  idempotencyKey,
});
