import { DECISION_LOG_FIELDS } from '../../../runtime/dispatch/decision-log';
import { DROPOFF, harness, near, pushes, SELLER_AT } from './dispatch-harness';

describe('dispatch happy path through API Gateway events', () => {
  it('registers, offers to the nearest couriers, assigns, picks up and delivers', async () => {
    const h = harness({ offerSize: 2 });
    expect((await h.call('POST', '/sellers', { sellerId: 's1', name: 'Noodle Bar', location: SELLER_AT })).status).toBe(201);
    expect((await h.call('POST', '/sellers', { sellerId: 's1', location: SELLER_AT })).status).toBe(200);
    const status = await h.call('POST', '/couriers/c1/status', { status: 'ONLINE', capacity: 3 });
    expect(status).toMatchObject({ status: 201, body: { courier: { courierId: 'c1', status: 'ONLINE', activeOrders: 0, capacity: 3 } } });
    expect((await h.call('POST', '/couriers/c1/location', { location: near(300) })).body).toMatchObject({ courierId: 'c1', applied: true });
    await h.courier('c2', near(800));
    await h.courier('c3', near(2500));

    const created = await h.order('key-1');
    expect(created.status).toBe(201);
    const order = created.body.order;
    expect(order).toMatchObject({ status: 'OFFERED', sellerId: 's1', offerRound: 1, dropoff: DROPOFF, ready: false });
    const row = await h.orderRow(order.orderId);
    expect(JSON.parse(row!.offerCandidates as string)).toEqual(['c1', 'c2']);

    const offerLine = h.logLines.find((l) => l.decision === 'offer');
    expect(offerLine).toMatchObject({
      msg: 'dispatch decision',
      orderId: order.orderId,
      round: 1,
      winner: 'c1',
      offeredTo: 'c1,c2',
      candidateCount: 2,
    });
    expect(JSON.parse(offerLine!.candidates as string).map((c: { courierId: string }) => c.courierId)).toEqual(['c1', 'c2']);
    expect(typeof offerLine!.cellsScanned).toBe('number');

    await h.invoker.drain();
    expect(pushes(h, 'NEW_ORDER', 's1')).toHaveLength(1);
    expect(pushes(h, 'OFFER').map((p) => p.targetValue).sort()).toEqual(['c1', 'c2']);

    const accepted = await h.call('POST', `/orders/${order.orderId}/accept`, { courierId: 'c2' });
    expect(accepted).toMatchObject({ status: 200, body: { order: { status: 'ASSIGNED', courierId: 'c2' } } });
    expect((await h.courierRow('c2'))!.activeOrders).toBe(1);
    expect(h.logLines.find((l) => l.decision === 'assign')).toMatchObject({ orderId: order.orderId, winner: 'c2', courierId: 'c2', round: 1 });

    expect((await h.call('POST', `/orders/${order.orderId}/ready`, { sellerId: 's1' })).body.order).toMatchObject({
      ready: true,
      status: 'ASSIGNED',
    });
    expect((await h.call('POST', `/orders/${order.orderId}/pickup`, { courierId: 'c2' })).body.order.status).toBe('PICKED_UP');
    expect((await h.call('POST', `/orders/${order.orderId}/deliver`, { courierId: 'c2' })).body.order.status).toBe('DELIVERED');
    expect((await h.courierRow('c2'))!.activeOrders).toBe(0);

    const got = await h.call('GET', `/orders/${order.orderId}`);
    expect(got.status).toBe(200);
    expect(got.body.order).toMatchObject({ status: 'DELIVERED', courierId: 'c2' });
    expect(got.body.order.route.map((leg: { leg: number }) => leg.leg)).toEqual([1, 2]);
    // c2 was placed 800 m north of the seller.
    expect(got.body.order.route[0].distanceMeters).toBeGreaterThan(790);
    expect(got.body.order.route[0].distanceMeters).toBeLessThan(810);

    await h.invoker.drain();
    expect(pushes(h, undefined, 's1').map((p) => p.extParameters?.kind)).toEqual(['NEW_ORDER', 'ASSIGNED', 'PICKED_UP', 'DELIVERED']);
    expect(pushes(h, 'OFFER_TAKEN').map((p) => p.targetValue)).toEqual(['c1']);
    expect(pushes(h, 'READY').map((p) => p.targetValue)).toEqual(['c2']);
    const ids = h.push.sent.map((p) => p.extParameters?.notificationId);
    expect(new Set(ids).size).toBe(ids.length);
    // open offer closed once assigned
    expect((await h.snapshot()).open_offers).toEqual([]);
  });

  it('accepts a Base64 body (isBase64Encoded true)', async () => {
    const h = harness();
    const reply = await h.call('POST', '/sellers', { sellerId: 's1', location: SELLER_AT }, { base64: true });
    expect(reply.status).toBe(201);
  });

  it('cancels an assigned order and gives the courier its slot back', async () => {
    const h = harness();
    await h.seller('s1');
    await h.courier('c1', near(200));
    const { orderId } = (await h.order('k')).body.order;
    await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' });
    expect((await h.courierRow('c1'))!.activeOrders).toBe(1);
    const cancelled = await h.call('POST', `/orders/${orderId}/cancel`, { reason: 'changed my mind' });
    expect(cancelled.body.order).toMatchObject({ status: 'CANCELLED', cancelReason: 'changed my mind' });
    expect((await h.courierRow('c1'))!.activeOrders).toBe(0);
    // A replayed cancel changes nothing and does not release twice.
    expect((await h.call('POST', `/orders/${orderId}/cancel`, {})).status).toBe(200);
    expect((await h.courierRow('c1'))!.activeOrders).toBe(0);
    await h.invoker.drain();
    expect(pushes(h, 'CANCELLED').map((p) => p.targetValue).sort()).toEqual(['c1', 's1']);
  });

  it('logs only indexed decision fields, and covers the construct contract list', async () => {
    const h = harness();
    await h.seller('s1');
    await h.courier('c1', near(200));
    const { orderId } = (await h.order('k')).body.order;
    await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' });
    const known = new Set(['time', 'level', 'msg', 'requestId', 'fn', ...DECISION_LOG_FIELDS.map((f) => f.name)]);
    const decisions = h.logLines.filter((l) => l.msg === 'dispatch decision');
    expect(decisions.map((d) => d.decision)).toEqual(['offer', 'assign']);
    for (const line of decisions) {
      expect(Object.keys(line).filter((k) => !known.has(k))).toEqual([]);
      for (const field of DECISION_LOG_FIELDS) {
        if (line[field.name] === undefined) continue;
        expect(typeof line[field.name]).toBe(field.type === 'text' ? 'string' : 'number');
      }
    }
  });
});
