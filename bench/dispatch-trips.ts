/**
 * Table Store round trips on the POST /orders path, on the local adapters: 2,000 ONLINE couriers,
 * 50 sellers, 200 orders created one at a time. Each order's request goes through a RoundTripStore:
 * on two fresh cities, with 2 ms and then 5 ms slept per trip; the request's wall time is its
 * decision latency, and its trips and rows read are counted in the 5 ms run. The notifier is
 * not run (its invocation is only queued): it is not part of the decision.
 */
import { createApiHandler } from '../runtime/dispatch/api';
import { percentile } from '../runtime/shared/percentiles';
import { CITY_DESCRIPTION, expectOk, randomOrder, seedCity } from './dispatch-city';
import { RoundTripStore, type TripCount } from './round-trip-store';
import { Figure, formatMs, nowMs } from './stats';

export const TRIPS_P99_TARGET = 8;
export const LATENCY_5MS_P99_TARGET_MS = 50;
const ORDERS = 200;
const SEED = 20240607;

interface Decision extends TripCount {
  ms: number;
}

export async function benchTrips(): Promise<Figure[]> {
  const at2 = await runCity(2);
  const at5 = await runCity(5);
  const counted = at5;
  const trips = counted.map((d) => d.trips);
  const rows = counted.map((d) => d.rowsRead);
  const p99Trips = percentile(trips, 99);
  const p99At5 = percentile(at5.map((d) => d.ms), 99);
  const where = `${ORDERS} POST /orders one at a time; ${CITY_DESCRIPTION}`;
  return [
    {
      measure: 'dispatch round trips: sequential Table Store trips per order, p50',
      value: String(percentile(trips, 50)),
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
      note: `${percentile(counted.map((d) => d.calls), 50)} calls at p50, ${percentile(counted.map((d) => d.calls), 99)} at p99`,
    },
    {
      measure: 'dispatch round trips: rows read per order, p50 / p98',
      value: `${percentile(rows, 50)} / ${percentile(rows, 98)}`,
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
    value: `${formatMs(percentile(ms, 50))} / ${formatMs(percentile(ms, 99))}`,
    target: '-',
    note: 'wall time of the POST /orders handler, the sleeps included',
  };
}

/** A fresh seeded city; then each order's request through a RoundTripStore sleeping `delayMs` per trip. */
async function runCity(delayMs: number): Promise<Decision[]> {
  const city = await seedCity(SEED);
  const { dispatch } = city;
  const store = new RoundTripStore(dispatch.store, delayMs);
  const api = createApiHandler({ ...dispatch.deps, store, invoker: { invokeAsync: async () => undefined } });
  const decisions: Decision[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const body = randomOrder(city, `trips-${i}`);
    store.take();
    const started = nowMs();
    await expectOk(api, dispatch, 'POST', '/orders', body);
    decisions.push({ ms: nowMs() - started, ...store.take() });
  }
  return decisions;
}


