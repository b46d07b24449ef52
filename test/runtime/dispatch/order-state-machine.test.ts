import { harness, near, type Harness } from './dispatch-harness';

type State = 'CREATED' | 'OFFERED' | 'ASSIGNED' | 'PICKED_UP' | 'DELIVERED' | 'CANCELLED';
type Action = 'accept' | 'pickup' | 'deliver' | 'cancel' | 'ready';

/** An order brought to `state` through the API; c1 is the courier offered/assigned, s1 the seller. */
async function orderIn(state: State): Promise<{ h: Harness; orderId: string }> {
  const h = harness();
  await h.seller('s1');
  if (state !== 'CREATED' && state !== 'CANCELLED') await h.courier('c1', near(200));
  const created = await h.order('k1');
  const orderId = created.body.order.orderId as string;
  const step = async (action: string, body: object) => {
    const reply = await h.call('POST', `/orders/${orderId}/${action}`, body);
    if (reply.status !== 200) throw new Error(`${action}: ${JSON.stringify(reply.body)}`);
  };
  if (state === 'CANCELLED') await step('cancel', {});
  if (['ASSIGNED', 'PICKED_UP', 'DELIVERED'].includes(state)) await step('accept', { courierId: 'c1' });
  if (['PICKED_UP', 'DELIVERED'].includes(state)) await step('pickup', { courierId: 'c1' });
  if (state === 'DELIVERED') await step('deliver', { courierId: 'c1' });
  expect(created.status).toBe(201);
  expect((await h.call('GET', `/orders/${orderId}`)).body.order.status).toBe(state);
  await h.invoker.drain();
  return { h, orderId };
}

const BODIES: Record<Action, object> = {
  accept: { courierId: 'c1' },
  pickup: { courierId: 'c1' },
  deliver: { courierId: 'c1' },
  cancel: {},
  ready: { sellerId: 's1' },
};

/**
 * Written out rather than derived from the code's table: 'to' = the status after a 200, 'replay' =
 * the change already happened (200, nothing written), '409' = forbidden.
 */
const EXPECTED: Record<State, Record<Action, State | 'replay' | '409'>> = {
  CREATED: { accept: '409', pickup: '409', deliver: '409', cancel: 'CANCELLED', ready: 'CREATED' },
  OFFERED: { accept: 'ASSIGNED', pickup: '409', deliver: '409', cancel: 'CANCELLED', ready: 'OFFERED' },
  ASSIGNED: { accept: 'replay', pickup: 'PICKED_UP', deliver: '409', cancel: 'CANCELLED', ready: 'ASSIGNED' },
  PICKED_UP: { accept: '409', pickup: 'replay', deliver: 'DELIVERED', cancel: '409', ready: '409' },
  DELIVERED: { accept: '409', pickup: '409', deliver: 'replay', cancel: '409', ready: '409' },
  CANCELLED: { accept: '409', pickup: '409', deliver: '409', cancel: 'replay', ready: '409' },
};

const cases = Object.entries(EXPECTED).flatMap(([state, row]) =>
  Object.entries(row).map(([action, expected]) => [state as State, action as Action, expected] as const),
);

describe('order state machine: every state × action', () => {
  it.each(cases)('%s + %s → %s', async (state, action, expected) => {
    const { h, orderId } = await orderIn(state);
    const before = await h.snapshot();
    const reply = await h.call('POST', `/orders/${orderId}/${action}`, BODIES[action]);
    await h.invoker.drain();
    if (expected === '409') {
      expect(reply.status).toBe(409);
      expect(reply.body.error).toMatchObject({ code: 'invalid_transition', currentState: state });
      expect(await h.snapshot()).toEqual(before);
    } else if (expected === 'replay') {
      expect(reply.status).toBe(200);
      expect(reply.body.order.status).toBe(state);
      expect(await h.snapshot()).toEqual(before);
    } else {
      expect(reply.status).toBe(200);
      expect(reply.body.order.status).toBe(expected);
      expect((await h.call('GET', `/orders/${orderId}`)).body.order.status).toBe(expected);
    }
  });

  it('ready twice by the seller is a replay', async () => {
    const { h, orderId } = await orderIn('OFFERED');
    expect((await h.call('POST', `/orders/${orderId}/ready`, { sellerId: 's1' })).status).toBe(200);
    const before = await h.snapshot();
    expect((await h.call('POST', `/orders/${orderId}/ready`, { sellerId: 's1' })).status).toBe(200);
    expect(await h.snapshot()).toEqual(before);
  });
});
