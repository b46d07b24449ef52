/**
 * Many concurrent operations for the seeded interleaving runs: four couriers register at once,
 * four orders arrive at once, every courier races for every order while a sweep fires, then each
 * order is delivered, cancelled or left, all at once. The seed picks the races' order and outcomes.
 */
import { orderIdFor } from '../../../runtime/dispatch/orders';
import { near } from '../../runtime/dispatch/dispatch-harness';
import { orderBody } from '../../runtime/dispatch/fault-calls';
import { pick, type Random } from '../seeded';
import type { DispatchScenario } from './scenarios';
import type { World } from './world';

const COURIERS = ['c1', 'c2', 'c3', 'c4'];
const KEYS = ['k1', 'k2', 'k3', 'k4'];

function shuffled<T>(random: Random, items: readonly T[]): T[] {
  return items.map((item) => ({ item, r: random() })).sort((a, b) => a.r - b.r).map((x) => x.item);
}

async function finish(w: World, random: Random, orderId: string): Promise<void> {
  const courierId = [...(w.accepted.get(orderId) ?? [pick(random, COURIERS)])][0];
  const action = pick(random, ['deliver', 'cancel', 'leave'] as const);
  if (action === 'cancel') await w.api('POST', `/orders/${orderId}/cancel`, {});
  if (action !== 'deliver') return;
  await w.api('POST', `/orders/${orderId}/pickup`, { courierId });
  await w.api('POST', `/orders/${orderId}/deliver`, { courierId });
}

export function busyScenario(random: Random): DispatchScenario {
  const orders = KEYS.map(orderIdFor);
  const races = orders.flatMap((orderId) => COURIERS.map((courierId) => ({ orderId, courierId })));
  return {
    name: 'busy',
    steps: [
      (w) => w.api('POST', '/sellers', { sellerId: 's1', location: near(0) }),
      (w) =>
        Promise.all(
          COURIERS.map(async (id, i) => {
            await w.api('POST', `/couriers/${id}/status`, { status: 'ONLINE' });
            await w.api('POST', `/couriers/${id}/location`, { location: near(100 + 150 * i) });
          }),
        ),
      (w) => Promise.all(KEYS.map((key) => w.api('POST', '/orders', orderBody(key)))),
      (w) => w.clock.advance(Math.floor(random() * 40_000)),
      (w) =>
        Promise.all([
          w.sweep(),
          ...shuffled(random, races).map(({ orderId, courierId }) => w.api('POST', `/orders/${orderId}/accept`, { courierId })),
        ]),
      (w) => Promise.all(orders.map((orderId) => finish(w, random, orderId))),
      (w) => w.local.invoker.drain(),
    ],
  };
}
