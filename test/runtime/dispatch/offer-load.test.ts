/**
 * Open offers count as load when ranking: a seller's back-to-back orders spread over different
 * couriers, the mark expires with the offer, and it never keeps an offered courier from accepting.
 */
import { harness, near, T0, type Harness } from './dispatch-harness';

const candidates = async (h: Harness, orderId: string): Promise<string[]> => JSON.parse((await h.orderRow(orderId))!.offerCandidates as string);

/** Six free couriers 100-150 m north of the seller: equidistant within a tenth of the load penalty. */
async function sixCouriers(h: Harness): Promise<void> {
  await h.seller('s1');
  for (let i = 1; i <= 6; i++) await h.courier(`c${i}`, near(90 + 10 * i));
}

describe('pending offers as load', () => {
  it('two orders from one seller placed back to back go to disjoint candidate sets', async () => {
    const h = harness();
    await sixCouriers(h);
    const first = (await h.order('a')).body.order.orderId as string;
    const second = (await h.order('b')).body.order.orderId as string;
    expect(await candidates(h, first)).toEqual(['c1', 'c2', 'c3']);
    expect(await candidates(h, second)).toEqual(['c4', 'c5', 'c6']);
    // The mark is the offer's expiry; activeOrders is untouched.
    for (let i = 1; i <= 6; i++) expect(await h.courierRow(`c${i}`)).toMatchObject({ activeOrders: 0, offerLoadUntil: T0 + 30_000 });
    const offers = h.logLines.filter((l) => l.decision === 'offer');
    const second_ = JSON.parse(offers[1].candidates as string) as Array<{ courierId: string; pendingOffer: boolean }>;
    expect(second_.map((c) => [c.courierId, c.pendingOffer])).toEqual([
      ['c4', false],
      ['c5', false],
      ['c6', false],
    ]);
  });

  it('the mark expires with the offer: afterwards the couriers rank as before', async () => {
    const h = harness();
    await sixCouriers(h);
    const first = (await h.order('a')).body.order.orderId as string;
    expect(await candidates(h, first)).toEqual(['c1', 'c2', 'c3']);
    h.clock.advance(30_000);
    const later = (await h.order('b')).body.order.orderId as string;
    expect(await candidates(h, later)).toEqual(['c1', 'c2', 'c3']);
    const offer = h.logLines.filter((l) => l.decision === 'offer')[1];
    expect(JSON.parse(offer.candidates as string).map((c: { pendingOffer: boolean }) => c.pendingOffer)).toEqual([false, false, false]);
  });

  it('never excludes: with only three couriers both orders are offered to all three, and offered couriers accept', async () => {
    const h = harness();
    await h.seller('s1');
    for (let i = 1; i <= 3; i++) await h.courier(`c${i}`, near(90 + 10 * i));
    const first = (await h.order('a')).body.order.orderId as string;
    const second = (await h.order('b')).body.order.orderId as string;
    expect(await candidates(h, first)).toEqual(['c1', 'c2', 'c3']);
    expect(await candidates(h, second)).toEqual(['c1', 'c2', 'c3']);
    const offer = h.logLines.filter((l) => l.decision === 'offer')[1];
    expect(JSON.parse(offer.candidates as string).map((c: { pendingOffer: boolean }) => c.pendingOffer)).toEqual([true, true, true]);

    // Marked couriers accept as any other; the mark does not count against capacity (2).
    const [a, b, c] = await Promise.all([
      h.call('POST', `/orders/${first}/accept`, { courierId: 'c1' }),
      h.call('POST', `/orders/${second}/accept`, { courierId: 'c1' }),
      h.call('POST', `/orders/${first}/accept`, { courierId: 'c3' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(c.status).toBe(409);
    expect(await h.courierRow('c1')).toMatchObject({ activeOrders: 2, offerLoadUntil: T0 + 30_000 });
    expect((await h.courierRow('c3'))!.activeOrders).toBe(0);
    expect((await h.call('GET', `/orders/${first}`)).body.order).toMatchObject({ status: 'ASSIGNED', courierId: 'c1' });
    expect((await h.call('GET', `/orders/${second}`)).body.order).toMatchObject({ status: 'ASSIGNED', courierId: 'c1' });
  });

  it('spread orders are each accepted by their own courier', async () => {
    const h = harness();
    await sixCouriers(h);
    const first = (await h.order('a')).body.order.orderId as string;
    const second = (await h.order('b')).body.order.orderId as string;
    const replies = await Promise.all([
      h.call('POST', `/orders/${first}/accept`, { courierId: 'c1' }),
      h.call('POST', `/orders/${second}/accept`, { courierId: 'c4' }),
    ]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    for (const [id, active] of Object.entries({ c1: 1, c2: 0, c3: 0, c4: 1, c5: 0, c6: 0 }))
      expect((await h.courierRow(id))!.activeOrders).toBe(active);
  });
});
