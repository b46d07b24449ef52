import { harness, near } from './dispatch-harness';

describe("dispatch endpoints read API Gateway's path parameters", () => {
  it('uses pathParameters where they differ from the path, and the path when the event has none', async () => {
    const h = harness();
    await h.seller('s1');
    await h.courier('c1', near(100));
    const orderId = (await h.order('k')).body.order.orderId as string;
    const shouted = await h.call('GET', `/orders/${orderId.toUpperCase()}`, undefined, { pathParameters: { id: orderId } });
    expect(shouted.status).toBe(200);
    expect(shouted.body.order.orderId).toBe(orderId);
    const fromPath = await h.call('GET', `/orders/${encodeURIComponent(orderId).replace('o', '%6F')}`, undefined, { pathParameters: {} });
    expect(fromPath.body.order.orderId).toBe(orderId);
  });
});
