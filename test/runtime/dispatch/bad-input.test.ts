import { apiEvent, APIGW_SAMPLE, DROPOFF, harness, near, type Harness } from './dispatch-harness';

/**
 * One world with a seller s1 (and s2), couriers c1, c2 online and c3 registered offline, order A
 * ASSIGNED to c1 and order B OFFERED to c1 and c2. Every bad request is refused with the right
 * status, code and field — and the tables are exactly as before.
 */
async function world(): Promise<{ h: Harness; a: string; b: string }> {
  const h = harness({ maxBodyBytes: 512 });
  await h.seller('s1');
  await h.seller('s2');
  await h.courier('c1', near(200));
  await h.courier('c2', near(400));
  expect((await h.call('POST', '/couriers/c3/status', { status: 'OFFLINE' })).status).toBe(201);
  const a = (await h.order('key-a')).body.order.orderId as string;
  expect((await h.call('POST', `/orders/${a}/accept`, { courierId: 'c1' })).status).toBe(200);
  const b = (await h.order('key-b')).body.order.orderId as string;
  await h.invoker.drain();
  return { h, a, b };
}

const order = (overrides: Record<string, unknown>) => ({
  sellerId: 's1',
  items: [{ name: 'tea', quantity: 1 }],
  dropoff: DROPOFF,
  idempotencyKey: 'new-key',
  ...overrides,
});
const without = (field: string) => {
  const body: Record<string, unknown> = order({});
  delete body[field];
  return body;
};

type Case = [title: string, request: (ids: { a: string; b: string }) => Buffer, status: number, code: string, field?: string];

const CASES: Case[] = [
  ['malformed JSON', () => apiEvent('POST', '/orders', undefined, { raw: '{"sellerId": "s1",' }), 400, 'malformed_json'],
  ['body not an object', () => apiEvent('POST', '/orders', [1, 2]), 400, 'invalid_body'],
  ['body over maxBodyBytes', () => apiEvent('POST', '/orders', order({ note: 'x'.repeat(600) })), 413, 'body_too_large'],
  ['missing sellerId', () => apiEvent('POST', '/orders', without('sellerId')), 400, 'invalid_field', 'sellerId'],
  ['sellerId not a string', () => apiEvent('POST', '/orders', order({ sellerId: 42 })), 400, 'invalid_field', 'sellerId'],
  ['missing items', () => apiEvent('POST', '/orders', without('items')), 400, 'invalid_field', 'items'],
  ['empty items', () => apiEvent('POST', '/orders', order({ items: [] })), 400, 'invalid_field', 'items'],
  [
    'item quantity 0',
    () => apiEvent('POST', '/orders', order({ items: [{ name: 'a', quantity: 1 }, { name: 'b', quantity: 0 }] })),
    400,
    'invalid_field',
    'items[1].quantity',
  ],
  ['missing dropoff', () => apiEvent('POST', '/orders', without('dropoff')), 400, 'invalid_field', 'dropoff'],
  ['dropoff lat out of range', () => apiEvent('POST', '/orders', order({ dropoff: { lat: 91, lon: 120 } })), 400, 'invalid_field', 'dropoff.lat'],
  ['dropoff lon a string', () => apiEvent('POST', '/orders', order({ dropoff: { lat: 30, lon: '120' } })), 400, 'invalid_field', 'dropoff.lon'],
  [
    'idempotencyKey with a lone surrogate',
    () => apiEvent('POST', '/orders', order({ idempotencyKey: 'key-\ud800' })),
    400,
    'invalid_field',
    'idempotencyKey',
  ],
  ['missing idempotencyKey', () => apiEvent('POST', '/orders', without('idempotencyKey')), 400, 'invalid_field', 'idempotencyKey'],
  ['unknown seller', () => apiEvent('POST', '/orders', order({ sellerId: 'nobody' })), 404, 'not_found', 'sellerId'],
  [
    'idempotencyKey reused for another order',
    () => apiEvent('POST', '/orders', order({ idempotencyKey: 'key-a', items: [{ name: 'other', quantity: 9 }] })),
    409,
    'idempotency_key_reused',
    'idempotencyKey',
  ],
  ['unknown order', () => apiEvent('GET', '/orders/o404'), 404, 'not_found', 'orderId'],
  ['order id with bad characters', () => apiEvent('GET', '/orders/a%20b'), 400, 'invalid_field', 'orderId'],
  ['accept an unknown order', () => apiEvent('POST', '/orders/o404/accept', { courierId: 'c1' }), 404, 'not_found', 'orderId'],
  ['accept without courierId', ({ b }) => apiEvent('POST', `/orders/${b}/accept`, {}), 400, 'invalid_field', 'courierId'],
  ['accept by a courier not offered', ({ b }) => apiEvent('POST', `/orders/${b}/accept`, { courierId: 'c3' }), 403, 'not_offered', 'courierId'],
  ['pickup by another courier', ({ a }) => apiEvent('POST', `/orders/${a}/pickup`, { courierId: 'c2' }), 403, 'not_your_order', 'courierId'],
  ['pickup by an unknown courier', ({ a }) => apiEvent('POST', `/orders/${a}/pickup`, { courierId: 'c404' }), 404, 'not_found', 'courierId'],
  ['ready by another seller', ({ a }) => apiEvent('POST', `/orders/${a}/ready`, { sellerId: 's2' }), 403, 'not_your_order', 'sellerId'],
  ['ready by an unknown seller', ({ a }) => apiEvent('POST', `/orders/${a}/ready`, { sellerId: 's404' }), 404, 'not_found', 'sellerId'],
  ['deliver before pickup', ({ a }) => apiEvent('POST', `/orders/${a}/deliver`, { courierId: 'c1' }), 409, 'invalid_transition'],
  ['cancel reason not a string', ({ b }) => apiEvent('POST', `/orders/${b}/cancel`, { reason: 5 }), 400, 'invalid_field', 'reason'],
  [
    'location lat out of range',
    () => apiEvent('POST', '/couriers/c1/location', { location: { lat: 200, lon: 120 } }),
    400,
    'invalid_field',
    'location.lat',
  ],
  ['location missing', () => apiEvent('POST', '/couriers/c1/location', {}), 400, 'invalid_field', 'location'],
  ['location of an unknown courier', () => apiEvent('POST', '/couriers/c404/location', { location: near(10) }), 404, 'not_found', 'courierId'],
  ['status not ONLINE/OFFLINE', () => apiEvent('POST', '/couriers/c1/status', { status: 'AWAY' }), 400, 'invalid_field', 'status'],
  ['capacity 0', () => apiEvent('POST', '/couriers/c9/status', { status: 'ONLINE', capacity: 0 }), 400, 'invalid_field', 'capacity'],
  ['capacity not an integer', () => apiEvent('POST', '/couriers/c9/status', { status: 'ONLINE', capacity: 1.5 }), 400, 'invalid_field', 'capacity'],
  ['seller without location', () => apiEvent('POST', '/sellers', { sellerId: 's9' }), 400, 'invalid_field', 'location'],
  [
    'seller with a bad push target',
    () => apiEvent('POST', '/sellers', { sellerId: 's9', location: near(0), push: { target: 'EMAIL', value: 'x' } }),
    400,
    'invalid_field',
    'push.target',
  ],
  ['unknown route', () => apiEvent('GET', '/menus'), 404, 'route_not_found'],
  ['wrong method', () => apiEvent('DELETE', '/orders'), 405, 'method_not_allowed'],
  ['event not JSON', () => Buffer.from('not json'), 400, 'malformed_event'],
  [
    'Base64 body that is not Base64',
    () => {
      const event = JSON.parse(APIGW_SAMPLE.toString());
      Object.assign(event, { httpMethod: 'POST', path: '/sellers', isBase64Encoded: true, body: '!!not base64!!' });
      return Buffer.from(JSON.stringify(event));
    },
    400,
    'malformed_event',
  ],
];

describe('bad input is refused, named, and writes nothing', () => {
  const rows = CASES.map(([title, request, status, code, field]) => ({ title, request, status, code, field }));
  it.each(rows)('$title → $status $code', async ({ request, status, code, field }) => {
    const { h, a, b } = await world();
    const before = await h.snapshot();
    const reply = await h.callRaw(request({ a, b }));
    await h.invoker.drain();
    expect(reply.status).toBe(status);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.body.error.code).toBe(code);
    expect(typeof reply.body.error.message).toBe('string');
    if (field) expect(reply.body.error.field).toBe(field);
    expect(await h.snapshot()).toEqual(before);
  });

  it('405 names the allowed methods', async () => {
    const { h } = await world();
    const reply = await h.call('PUT', '/sellers', {});
    expect(reply.headers.allow).toBe('POST');
    expect(reply.body.error.allowed).toEqual(['POST']);
  });
});

describe('idempotent order creation', () => {
  it('a repeated key returns the first order (200) and creates nothing', async () => {
    const { h, a } = await world();
    const first = (await h.call('GET', `/orders/${a}`)).body.order;
    const before = await h.snapshot();
    const again = await h.call('POST', '/orders', order({ idempotencyKey: 'key-a', items: [{ name: 'noodles', quantity: 2 }] }));
    await h.invoker.drain();
    expect(again.status).toBe(200);
    const { route: _route, ...view } = first;
    expect(again.body.order).toEqual(view);
    expect(again.body.order.orderId).toBe(a);
    expect(await h.snapshot()).toEqual(before);
  });

  it('concurrent requests with one key create one order', async () => {
    const h = harness();
    await h.seller('s1');
    const replies = await Promise.all(Array.from({ length: 10 }, () => h.order('same')));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.order.orderId)).size).toBe(1);
    expect((await h.snapshot()).orders).toHaveLength(1);
    await h.invoker.drain();
    expect(h.push.sent.filter((p) => p.extParameters?.kind === 'NEW_ORDER')).toHaveLength(1);
  });

  it('a replay re-queues the notifier when the first request could not', async () => {
    const h = harness();
    await h.seller('s1');
    const invoke = h.invoker.invokeAsync.bind(h.invoker);
    let failNext = true;
    h.invoker.invokeAsync = async (fn, payload) => {
      if (failNext) {
        failNext = false;
        throw new Error('ServiceUnavailable');
      }
      return invoke(fn, payload);
    };
    const first = await h.order('k');
    expect(first.status).toBe(503);
    await h.invoker.drain();
    expect(h.push.sent).toHaveLength(0);
    const replay = await h.order('k');
    expect(replay.status).toBe(200);
    await h.invoker.drain();
    expect(h.push.sent.map((p) => p.extParameters?.kind)).toEqual(['NEW_ORDER']);
  });
});
