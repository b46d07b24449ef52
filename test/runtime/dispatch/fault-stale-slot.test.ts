/**
 * Found by the fault enumeration (test/faults-suite; hole 2's last case): a deliver or cancel whose order write lands
 * and whose client never retries leaves the courier's slot held, so activeOrders stays above the
 * courier's ASSIGNED + PICKED_UP orders however many sweeps run (it is reclaimed only when the
 * courier next needs a slot, and ranking counts it meanwhile).
 */
import { faultyStore, FaultRun, on } from '../../faults/fault-run';
import { harness, near } from './dispatch-harness';
import { callOn } from './fault-calls';
import { expectLoadsMatchOrders } from './invariants';

describe('a finished order whose request died keeps its courier slot', () => {
  it.each([
    ['deliver', 'DELIVERED'],
    ['cancel', 'CANCELLED'],
  ] as const)('%s killed right after its order write, never retried: the slot is given back', async (action, status) => {
    const h = harness({ offerSize: 1 });
    await h.seller('s1');
    await h.courier('c1', near(100));
    const orderId = (await h.order('k')).body.order.orderId as string;
    expect((await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' })).status).toBe(200);
    if (action === 'deliver') expect((await h.call('POST', `/orders/${orderId}/pickup`, { courierId: 'c1' })).status).toBe(200);
    const run = new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', h.deps.settings.tables.orders) }]);
    const body = action === 'deliver' ? { courierId: 'c1' } : {};
    expect((await callOn(h, faultyStore(h.store, run), 'POST', `/orders/${orderId}/${action}`, body)).status).toBe(500);
    expect((await h.orderRow(orderId))!.status).toBe(status);
    for (let minute = 0; minute < 5; minute++) {
      h.clock.advance(60_000);
      await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
      await h.invoker.drain();
    }
    await expectLoadsMatchOrders(h);
  });
});
