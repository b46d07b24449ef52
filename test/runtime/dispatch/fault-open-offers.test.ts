/** The open_offers row of an order being created survives a sweep that runs in the middle of the create. */
import { pausingStore } from '../../faults/pausing-store';
import { harness, near } from './dispatch-harness';
import { callOn, orderBody, sweepOn } from './fault-calls';
import { expectNoStrandedOffers } from './invariants';

describe('open_offers under a concurrent sweep', () => {
  it('a sweep that finds the row before the order exists does not delete it once the create has re-marked it', async () => {
    const h = harness({ offerSize: 1 });
    await h.seller('s1');
    await h.courier('c1', near(100));
    const { orders, openOffers } = h.deps.settings.tables;
    // The create stops just before it writes the order row (its open_offers row is written).
    const create = pausingStore(h.store, (c) => c.method === 'putRow' && c.target === orders);
    const creating = callOn(h, create.store, 'POST', '/orders', orderBody('k'));
    await create.reached;
    // The sweep finds the row, no order, and stops just before its delete.
    const sweep = pausingStore(h.store, (c) => c.method === 'deleteRow' && c.target === openOffers);
    const sweeping = sweepOn(h, sweep.store, 'sweep-1');
    await Promise.race([sweep.reached, sweeping]);
    create.resume();
    expect((await creating).status).toBe(201);
    sweep.resume();
    await sweeping;
    await expectNoStrandedOffers(h);
  });
});
