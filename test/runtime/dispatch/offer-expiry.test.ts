import { harness, near, pushes, type Harness } from './dispatch-harness';

async function setup(overrides = {}): Promise<{ h: Harness; orderId: string }> {
  const h = harness({ offerSize: 1, offerTtlSeconds: 30, maxOfferRounds: 3, ...overrides });
  await h.seller('s1');
  await h.courier('c1', near(100));
  await h.courier('c2', near(300));
  await h.courier('c3', near(600));
  const { orderId } = (await h.order('k')).body.order;
  // Round 1's offer reaches c1: only an offer that was sent keeps its courier out of later rounds.
  await h.invoker.drain();
  return { h, orderId };
}

const candidates = async (h: Harness, orderId: string) => JSON.parse((await h.orderRow(orderId))!.offerCandidates as string);

describe('offer expiry', () => {
  it('the sweeper moves an expired offer to the next candidate, excluding those already offered', async () => {
    const { h, orderId } = await setup();
    expect(await candidates(h, orderId)).toEqual(['c1']);
    // Not yet due: nothing changes.
    h.clock.advance(10_000);
    expect((await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'))).outcomes).toEqual({ 'not-due': 1 });
    expect(await candidates(h, orderId)).toEqual(['c1']);

    h.clock.advance(21_000);
    const sweep = await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
    expect(sweep.outcomes).toEqual({ offered: 1 });
    const order = (await h.call('GET', `/orders/${orderId}`)).body.order;
    expect(order).toMatchObject({ status: 'OFFERED', offerRound: 2 });
    expect(await candidates(h, orderId)).toEqual(['c2']);
    await h.invoker.drain();
    expect(pushes(h, 'OFFER').map((p) => p.targetValue)).toEqual(['c1', 'c2']);

    // c1 is no longer offered it; c2 is.
    expect((await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' })).body.error.code).toBe('not_offered');
    expect((await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c2' })).status).toBe(200);
    // Settled: the sweeper drops its row.
    expect((await h.snapshot()).open_offers).toEqual([]);
  });

  it('an accept that arrives after expiry gets 409 and moves the offer on at once', async () => {
    const { h, orderId } = await setup();
    h.clock.advance(30_000);
    const late = await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'offer_expired', currentState: 'OFFERED' });
    expect(await candidates(h, orderId)).toEqual(['c2']);
    expect((await h.courierRow('c1'))!.activeOrders).toBe(0);
  });

  it('after maxOfferRounds the order stays CREATED and the seller is told', async () => {
    const { h, orderId } = await setup({ maxOfferRounds: 2 });
    h.clock.advance(30_000);
    await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
    h.clock.advance(30_000);
    const sweep = await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
    expect(sweep.outcomes).toEqual({ exhausted: 1 });
    const order = (await h.call('GET', `/orders/${orderId}`)).body.order;
    expect(order.status).toBe('CREATED');
    expect(order.noCourierAt).toBeDefined();
    expect((await h.snapshot()).open_offers).toEqual([]);
    await h.invoker.drain();
    expect(pushes(h, 'NO_COURIER', 's1')).toHaveLength(1);
    expect(h.logLines.filter((l) => l.decision).map((l) => l.decision)).toEqual(['offer', 'offer', 'exhausted']);
  });

  it('an order nobody can take stays CREATED and is retried by the sweeper when a courier appears', async () => {
    const h = harness({ offerSize: 1 });
    await h.seller('s1');
    const { orderId } = (await h.order('k')).body.order;
    expect((await h.call('GET', `/orders/${orderId}`)).body.order).toMatchObject({ status: 'CREATED', offerRound: 1 });
    await h.courier('c1', near(100));
    h.clock.advance(30_000);
    await h.call('POST', '/couriers/c1/location', { location: near(100) });
    await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
    expect((await h.call('GET', `/orders/${orderId}`)).body.order).toMatchObject({ status: 'OFFERED', offerRound: 2 });
    expect(await candidates(h, orderId)).toEqual(['c1']);
  });
});
