/**
 * Table Store round trips on the POST /orders path, on the local adapters: 2,000 ONLINE couriers,
 * 50 sellers, 200 orders created one at a time. Each order's request goes through a RoundTripStore:
 * on two fresh cities, with 2 ms and then 5 ms slept per trip; the request's wall time is its
 * decision latency, and its trips and rows read are counted in the 5 ms run. The notifier is
 * not run (its invocation is only queued): it is not part of the decision.
 */
import type { Position } from '../runtime/dispatch/geo/position';
import { createApiHandler } from '../runtime/dispatch/api';
import { apiGatewayEvent } from '../runtime/dispatch/local/api-gateway-event';
import { offsetPosition, seededRandom } from '../runtime/dispatch/local/random-points';
import { createLocalDispatch, LOCAL_DISPATCH_FUNCTIONS } from '../runtime/dispatch/local-dispatch';
import { Validator } from '../constructs/core/validation';
import { resolveDispatchSettings } from '../constructs/dispatch-system/validate';
import { RoundTripStore, type TripCount } from './round-trip-store';
import { Figure, formatMs, nowMs } from './stats';

export const TRIPS_P99_TARGET = 8;
export const LATENCY_5MS_P99_TARGET_MS = 50;
const SELLERS = 50;
const COURIERS = 2_000;
const ORDERS = 200;
const CITY_METERS = 10_000;
const CENTRE: Position = { lat: 30.2741, lon: 120.1551 };
const SEED = 20240607;
const SETTINGS = resolveDispatchSettings({ push: { appKey: '23267207' } }, new Validator('bench'));

interface Decision extends TripCount {
  ms: number;
}

export async function benchTrips(): Promise<Figure[]> {
  const at2 = await runCity(2);
  const at5 = await runCity(5);
  const counted = at5;
  const trips = counted.map((d) => d.trips);
  const rows = counted.map((d) => d.rowsRead);
  const p99Trips = rank(trips, 99);
  const p99At5 = rank(at5.map((d) => d.ms), 99);
  const city = `${COURIERS.toLocaleString('en')} couriers, ${SELLERS} sellers, ${CITY_METERS / 1000} km square`;
  const where = `${ORDERS} POST /orders one at a time; ${city}`;
  return [
    {
      measure: 'dispatch round trips: sequential Table Store trips per order, p50',
      value: String(rank(trips, 50)),
      target: '-',
      note:
        'calls in flight at once count as one; an updateRow that returns the row is two (UpdateRow, GetRow), as the cloud adapter sends it; ' +
        where,
    },
    {
      measure: 'dispatch round trips: sequential trips per order, p99',
      value: String(p99Trips),
      target: `<= ${TRIPS_P99_TARGET}`,
      met: p99Trips <= TRIPS_P99_TARGET,
      note: `${rank(counted.map((d) => d.calls), 50)} calls at p50, ${rank(counted.map((d) => d.calls), 99)} at p99`,
    },
    {
      measure: 'dispatch round trips: rows read per order, p50 / p98',
      value: `${rank(rows, 50)} / ${rank(rows, 98)}`,
      target: '-',
      note: 'index rows plus courier, order and seller rows returned',
    },
    latency('2 ms', at2),
    {
      ...latency('5 ms', at5),
      target: `< ${LATENCY_5MS_P99_TARGET_MS} ms`,
      met: p99At5 < LATENCY_5MS_P99_TARGET_MS,
    },
  ];
}

function latency(delay: string, decisions: readonly Decision[]): Figure {
  const ms = decisions.map((d) => d.ms);
  return {
    measure: `dispatch round trips: decision latency at ${delay} a trip, p50 / p99`,
    value: `${formatMs(rank(ms, 50))} / ${formatMs(rank(ms, 99))}`,
    target: '-',
    note: 'wall time of the POST /orders handler, the sleeps included',
  };
}

/** A fresh seeded city; then each order's request through a RoundTripStore sleeping `delayMs` per trip. */
async function runCity(delayMs: number): Promise<Decision[]> {
  const random = seededRandom(SEED);
  const inCity = () => offsetPosition(CENTRE, (random() - 0.5) * CITY_METERS, (random() - 0.5) * CITY_METERS);
  const dispatch = createLocalDispatch({ settings: SETTINGS });
  const context = () => dispatch.context(LOCAL_DISPATCH_FUNCTIONS.apiFunction);
  const ok = async (api: typeof dispatch.api, method: string, url: string, body: unknown) => {
    const reply = await api(apiEvent(method, url, body), context());
    if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`);
  };
  const sellers = Array.from({ length: SELLERS }, (_, i) => ({ sellerId: `s${i + 1}`, location: inCity() }));
  for (const seller of sellers) await ok(dispatch.api, 'POST', '/sellers', seller);
  for (let i = 1; i <= COURIERS; i++) {
    await ok(dispatch.api, 'POST', `/couriers/c${i}/status`, { status: 'ONLINE' });
    await ok(dispatch.api, 'POST', `/couriers/c${i}/location`, { location: inCity() });
  }
  const store = new RoundTripStore(dispatch.store, delayMs);
  const api = createApiHandler({ ...dispatch.deps, store, invoker: { invokeAsync: async () => undefined } });
  const decisions: Decision[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const seller = sellers[Math.floor(random() * sellers.length)];
    const dropoff = offsetPosition(seller.location, (random() - 0.5) * 6000, (random() - 0.5) * 6000);
    const body = { sellerId: seller.sellerId, items: [{ name: 'noodles', quantity: 1 }], dropoff, idempotencyKey: `trips-${i}` };
    store.take();
    const started = nowMs();
    await ok(api, 'POST', '/orders', body);
    decisions.push({ ms: nowMs() - started, ...store.take() });
  }
  return decisions;
}

/** Nearest-rank percentile. */
function rank(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function apiEvent(method: string, url: string, body: unknown): Buffer {
  const event = apiGatewayEvent({ method, url, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });
  return Buffer.from(JSON.stringify(event));
}
