/**
 * The seeded city the dispatch benchmarks run in: 50 sellers and 2,000 ONLINE couriers scattered over
 * a 10 km square, registered through the API on the local wiring, and orders drawn from it.
 */
import type { Position } from '../runtime/dispatch/geo/position';
import { DISPATCH_API } from '../runtime/dispatch/api';
import { apiGatewayEvent } from '../runtime/shared/local/api-gateway-event';
import { offsetPosition, seededRandom } from '../runtime/dispatch/local/random-points';
import { createLocalDispatch, LOCAL_DISPATCH_FUNCTIONS, type LocalDispatch } from '../runtime/dispatch/local-dispatch';
import type { DispatchSettings } from '../runtime/dispatch/settings';
import { Validator } from '../constructs/core/validation';
import { resolveDispatchSettings } from '../constructs/dispatch-system/validate';

const SELLERS = 50;
export const COURIERS = 2_000;
const CITY_METERS = 10_000;
const CENTRE: Position = { lat: 30.2741, lon: 120.1551 };
/** Dropoffs within 3 km of the seller each way. */
const DROPOFF_METERS = 6000;

/** The construct's defaults, as a deployed DispatchSystem runs. */
export const BENCH_SETTINGS = resolveDispatchSettings({ push: { appKey: '23267207' } }, new Validator('bench'));

export const CITY_DESCRIPTION = `${COURIERS.toLocaleString('en')} couriers, ${SELLERS} sellers, ${CITY_METERS / 1000} km square`;

export interface BenchCity {
  dispatch: LocalDispatch;
  sellers: Array<{ sellerId: string; location: Position }>;
  /** The city's random stream, continued by the orders drawn from it. */
  random: () => number;
}

export function apiEvent(method: string, url: string, body?: unknown): Buffer {
  const event = apiGatewayEvent({
    method,
    url,
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
  }, DISPATCH_API);
  return Buffer.from(JSON.stringify(event));
}

/** An API call that must succeed (the benchmark is void otherwise). */
export async function expectOk(api: LocalDispatch['api'], dispatch: LocalDispatch, method: string, url: string, body?: unknown): Promise<void> {
  const reply = await api(apiEvent(method, url, body), dispatch.context(LOCAL_DISPATCH_FUNCTIONS.apiFunction));
  if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body}`);
}

/** A fresh city from `seed`: every seller registered, every courier ONLINE at its position. */
export async function seedCity(seed: number, settings: DispatchSettings = BENCH_SETTINGS): Promise<BenchCity> {
  const random = seededRandom(seed);
  const inCity = () => offsetPosition(CENTRE, (random() - 0.5) * CITY_METERS, (random() - 0.5) * CITY_METERS);
  const dispatch = createLocalDispatch({ settings });
  const sellers = Array.from({ length: SELLERS }, (_, i) => ({ sellerId: `s${i + 1}`, location: inCity() }));
  for (const seller of sellers) await expectOk(dispatch.api, dispatch, 'POST', '/sellers', seller);
  for (let i = 1; i <= COURIERS; i++) {
    await expectOk(dispatch.api, dispatch, 'POST', `/couriers/c${i}/status`, { status: 'ONLINE' });
    await expectOk(dispatch.api, dispatch, 'POST', `/couriers/c${i}/location`, { location: inCity() });
  }
  return { dispatch, sellers, random };
}

/** The body of an order from a random seller of the city to a dropoff near it. */
export function randomOrder(city: BenchCity, idempotencyKey: string) {
  const seller = city.sellers[Math.floor(city.random() * city.sellers.length)];
  const spread = () => (city.random() - 0.5) * DROPOFF_METERS;
  const dropoff = offsetPosition(seller.location, spread(), spread());
  return { sellerId: seller.sellerId, items: [{ name: 'noodles', quantity: 1 }], dropoff, idempotencyKey };
}
