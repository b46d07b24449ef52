/**
 * An offer round written by an invocation that died before queueing the notifier: its offers are never pushed once the
 * round has expired, and couriers they never reached stay eligible for the next round.
 */
import type { PushRequest } from '../../../runtime/shared/ports';
import { faultyStore, FaultRun, on } from '../../faults/fault-run';
import { harness, near, pushes, type Harness } from './dispatch-harness';
import { callOn, orderBody, sweepOn } from './fault-calls';
import { expectLoadsMatchOrders, expectNoStrandedOffers } from './invariants';

const TTL_MS = 30_000;

/** Two couriers, c1 the nearer; one courier per round. `late` collects OFFER pushes made once their round had expired. */
async function setup(): Promise<{ h: Harness; late: PushRequest[] }> {
  const h = harness({ offerSize: 1, offerTtlSeconds: TTL_MS / 1000 });
  await h.seller('s1');
  await h.courier('c1', near(100));
  await h.courier('c2', near(300));
  const late: PushRequest[] = [];
  const push = h.push.push.bind(h.push);
  h.push.push = (request) => {
    const expiresAt = request.extParameters?.expiresAt;
    if (request.extParameters?.kind === 'OFFER' && expiresAt !== undefined && Date.parse(expiresAt) <= h.clock.now()) late.push(request);
    return push(request);
  };
  return { h, late };
}

/** Killed right after the offer round's write to the order row lands. */
const killedAfterRoundWrite = (h: Harness) => new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', h.deps.settings.tables.orders) }]);

const offers = (h: Harness) => pushes(h, 'OFFER').map((p) => `${p.targetValue}@${p.extParameters?.round}`);
const candidates = async (h: Harness, orderId: string) => JSON.parse((await h.orderRow(orderId))!.offerCandidates as string) as string[];

async function sweep(h: Harness) {
  await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
  await h.invoker.drain();
}

/** The round's courier accepts; everything delivered; the invariants hold. */
async function settle(h: Harness, orderId: string, courierId: string) {
  expect((await h.call('POST', `/orders/${orderId}/accept`, { courierId })).status).toBe(200);
  await sweep(h);
  await expectLoadsMatchOrders(h);
  await expectNoStrandedOffers(h);
  // The next sweep, a minute on, drops the markers of delivered orders.
  h.clock.advance(61_000);
  await sweep(h);
  expect((await h.snapshot()).outbox_due).toEqual([]);
}

describe('an offer round whose notifier was never queued', () => {
  it('the sweeper dies right after writing round 2 and is retried only after it expired: no late push, c2 stays eligible', async () => {
    const { h, late } = await setup();
    const { orderId } = (await h.order('k')).body.order;
    await h.invoker.drain();
    expect(offers(h)).toEqual(['c1@1']);

    h.clock.advance(TTL_MS);
    const run = killedAfterRoundWrite(h);
    expect(await sweepOn(h, faultyStore(h.store, run), 'sweep-1')).toBeInstanceOf(Error);
    expect(run.killed).toBe(true);
    expect(await candidates(h, orderId)).toEqual(['c2']);

    // FC's retry of the same invocation comes after round 2 expired.
    h.clock.advance(TTL_MS);
    expect(await sweepOn(h, h.store, 'sweep-1')).not.toBeInstanceOf(Error);
    await h.invoker.drain();
    expect(late).toEqual([]);
    // c1 saw round 1 and is skipped; c2 never saw round 2 and is offered round 3.
    expect(offers(h)).toEqual(['c1@1', 'c2@3']);
    expect(await candidates(h, orderId)).toEqual(['c2']);
    const row = (await h.orderRow(orderId))!;
    expect(row.n2State).toBe('EXPIRED');
    expect(row.n2Error).toMatch(/expired/);
    await settle(h, orderId, 'c2');
  });

  // Right after the round's write, or after its open_offers hint too (the hint then says "not due" to the retry).
  it.each([
    ['writing round 2', (h: Harness) => h.deps.settings.tables.orders, 'updateRow'],
    ['re-marking open_offers for it', (h: Harness) => h.deps.settings.tables.openOffers, 'putRow'],
  ] as const)('the sweeper dies right after %s and is retried while round 2 is open: its offer goes out at once', async (_, table, method) => {
    const { h, late } = await setup();
    const { orderId } = (await h.order('k')).body.order;
    await h.invoker.drain();
    h.clock.advance(TTL_MS);
    const run = new FaultRun([{ mode: 'kill-after', where: on('store', method, table(h)) }]);
    expect(await sweepOn(h, faultyStore(h.store, run), 'sweep-1')).toBeInstanceOf(Error);
    expect(await candidates(h, orderId)).toEqual(['c2']);
    h.clock.advance(TTL_MS / 3);
    expect(await sweepOn(h, h.store, 'sweep-1')).not.toBeInstanceOf(Error);
    await h.invoker.drain();
    expect(late).toEqual([]);
    expect(offers(h)).toEqual(['c1@1', 'c2@2']);
    await settle(h, orderId, 'c2');
  });

  it('the create dies right after writing round 1 and the client never retries: no late push, c1 is offered round 2', async () => {
    const { h, late } = await setup();
    const run = killedAfterRoundWrite(h);
    expect((await callOn(h, faultyStore(h.store, run), 'POST', '/orders', orderBody('k'))).status).toBe(500);
    expect(run.killed).toBe(true);
    const [order] = (await h.snapshot()).orders as Array<{ key: [[string, string]] }>;
    const orderId = order!.key[0][1];
    expect(await candidates(h, orderId)).toEqual(['c1']);

    // The sweeper timer, a minute later (round 1 expired after 30 s).
    h.clock.advance(60_000);
    await sweep(h);
    expect(late).toEqual([]);
    expect(offers(h)).toEqual(['c1@2']);
    expect(pushes(h, 'NEW_ORDER')).toHaveLength(1);
    expect((await h.orderRow(orderId))!.n1State).toBe('EXPIRED');
    await settle(h, orderId, 'c1');
  });
});
