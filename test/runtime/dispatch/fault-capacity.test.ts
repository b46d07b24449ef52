/** Courier capacity under faults: a reservation is counted once per order and given back once, whatever stops where. */
import { faultyStore, FaultRun, on } from '../../faults/fault-run';
import { harness, near, type Harness } from './dispatch-harness';
import { callOn } from './fault-calls';
import { expectLoadsMatchOrders } from './invariants';

async function setup(): Promise<{ h: Harness; first: string; second: string }> {
  const h = harness({ offerSize: 1 });
  await h.seller('s1');
  await h.courier('c1', near(100), 1);
  const first = (await h.order('first')).body.order.orderId as string;
  const second = (await h.order('second')).body.order.orderId as string;
  return { h, first, second };
}

const accept = (h: Harness, orderId: string) => h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' });

async function pickup(h: Harness, orderId: string) {
  expect((await h.call('POST', `/orders/${orderId}/pickup`, { courierId: 'c1' })).status).toBe(200);
}

describe('courier capacity under faults', () => {
  it('an accept whose ASSIGNED write lands but answers an error keeps its reservation: capacity 1 stays 1', async () => {
    const { h, first, second } = await setup();
    const faulty = faultyStore(h.store, new FaultRun([{ mode: 'lost-response', where: on('store', 'updateRow', h.deps.settings.tables.orders) }]));
    expect((await callOn(h, faulty, 'POST', `/orders/${first}/accept`, { courierId: 'c1' })).status).toBe(500);
    // The client retries with a new request: the replay path.
    expect((await accept(h, first)).body.order).toMatchObject({ status: 'ASSIGNED', courierId: 'c1' });
    expect((await accept(h, second)).body.error).toMatchObject({ code: 'courier_at_capacity' });
    await expectLoadsMatchOrders(h);
  });

  it('an accept killed right after its reservation is retried without a second reservation', async () => {
    const { h, first } = await setup();
    const faulty = faultyStore(h.store, new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', h.deps.settings.tables.couriers) }]));
    expect((await callOn(h, faulty, 'POST', `/orders/${first}/accept`, { courierId: 'c1' })).status).toBe(500);
    expect((await accept(h, first)).body.order).toMatchObject({ status: 'ASSIGNED', courierId: 'c1' });
    await expectLoadsMatchOrders(h);
  });

  it.each(['deliver', 'cancel'] as const)('%s killed right after the order write gives the slot back on its retry', async (action) => {
    const { h, first, second } = await setup();
    expect((await accept(h, first)).status).toBe(200);
    if (action === 'deliver') await pickup(h, first);
    const body = action === 'deliver' ? { courierId: 'c1' } : {};
    const faulty = faultyStore(h.store, new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', h.deps.settings.tables.orders) }]));
    expect((await callOn(h, faulty, 'POST', `/orders/${first}/${action}`, body)).status).toBe(500);
    expect((await h.call('POST', `/orders/${first}/${action}`, body)).status).toBe(200);
    await expectLoadsMatchOrders(h);
    expect((await accept(h, second)).status).toBe(200);
  });

  it('a reservation whose accept died and was never retried is given back once the offer round moves on', async () => {
    const { h, first } = await setup();
    const faulty = faultyStore(h.store, new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', h.deps.settings.tables.couriers) }]));
    expect((await callOn(h, faulty, 'POST', `/orders/${first}/accept`, { courierId: 'c1' })).status).toBe(500);
    h.clock.advance(h.deps.settings.offerTtlSeconds * 1000);
    await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
    await expectLoadsMatchOrders(h);
  });

  it('a reservation left by an accept that died as another courier won is given back when the courier next needs the slot', async () => {
    const h = harness({ offerSize: 2 });
    await h.seller('s1');
    await h.courier('c1', near(100), 1);
    await h.courier('c2', near(200), 1);
    const first = (await h.order('first')).body.order.orderId as string;
    const faulty = faultyStore(h.store, new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', h.deps.settings.tables.couriers) }]));
    expect((await callOn(h, faulty, 'POST', `/orders/${first}/accept`, { courierId: 'c1' })).status).toBe(500);
    expect((await h.call('POST', `/orders/${first}/accept`, { courierId: 'c2' })).status).toBe(200);
    const second = (await h.order('second')).body.order.orderId as string;
    expect((await h.call('POST', `/orders/${second}/accept`, { courierId: 'c1' })).status).toBe(200);
    await expectLoadsMatchOrders(h);
  });
});
