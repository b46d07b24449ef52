/**
 * A seeded simulated city that uses the dispatch API only over HTTP, as the sellers' and couriers'
 * apps would. Sellers register at random spots; couriers go online and report their positions every
 * tick while moving (compressed time: a tick of 200 ms moves a courier 60 m); orders arrive at a
 * steady rate, a few re-sent with the same idempotency key. Couriers learn of offers from the pushes
 * sent to them and every candidate of a round accepts at once, on purpose, so accepts race; the
 * winner picks up and delivers after short delays. Some orders are cancelled, some marked ready.
 * At the end the orders are read back over the API and audited: no order may have had two
 * couriers, and no courier more orders at once than its capacity.
 */
import type { PushRequest } from '../../../shared/ports';
import { CityApi } from './city-api';
import { drawCity, type CityModel, type OrderPlan } from './city-model';
import { cityReport, type CityReport } from './city-report';
import { CourierJobs } from './courier-jobs';
import { CourierMovement } from './courier-movement';
import { mapLimit } from './map-limit';
import { OrderArrivals } from './order-arrivals';
import { auditOrders, type OrderView } from './order-audit';
import { PushInbox } from './push-inbox';
import { Tasks } from './tasks';

export interface CityOptions {
  /** Base URL of the dispatch API. */
  url: string;
  /** The Mobile Push channel the apps listen on (a LocalPush): couriers learn of offers from it. */
  push: { readonly sent: readonly PushRequest[] };
  sellers?: number;
  couriers?: number;
  orders?: number;
  /** Seconds over which the orders are placed. */
  seconds?: number;
  /** Seconds to wait afterwards, at most, for deliveries under way to finish. Default 3. */
  settleSeconds?: number;
  seed?: number;
  /** Milliseconds between a courier's position reports. Default 200. */
  tickMs?: number;
}

/** The run is settled once nothing is scheduled or in flight and no push arrived for this long. */
const QUIET_MS = 100;
const AUDIT_CONCURRENCY = 16;

export async function runDispatchCity(options: CityOptions): Promise<CityReport> {
  const counts = { sellers: options.sellers ?? 20, couriers: options.couriers ?? 60, orders: options.orders ?? 200 };
  const seconds = options.seconds ?? 5;
  const seed = options.seed ?? 1;
  const city = drawCity(counts, seed);

  const started = performance.now();
  const api = new CityApi(options.url);
  const tasks = new Tasks();
  // Position reports never stop, so they are kept apart from the tasks the run waits to finish.
  const reports = new Tasks();
  const pushStart = options.push.sent.length;
  await openForBusiness(api, city);

  const arrivals = new OrderArrivals(api, tasks);
  const jobs = new CourierJobs(api, tasks, city.sellers, arrivals.planOf);
  const movement = new CourierMovement(city, api, reports);
  const inbox = new PushInbox(options.push, pushStart, city.couriers, (orderId, candidates) => jobs.acceptAtOnce(orderId, candidates));
  movement.start(options.tickMs ?? 200);
  inbox.start();
  arrivals.schedule(city.plans, seconds);

  await sleep(seconds * 1000);
  const settleBy = performance.now() + (options.settleSeconds ?? 3) * 1000;
  while (performance.now() < settleBy && !(tasks.idle() && performance.now() - inbox.lastPushAt >= QUIET_MS)) await sleep(20);
  movement.stop();
  inbox.stop();
  await Promise.all([tasks.stop(), reports.stop()]);
  const failure = [...tasks.failures, ...reports.failures][0];
  if (failure) throw failure;

  const placed = city.plans.filter((o) => o.orderId);
  const readBack = async (o: OrderPlan) => (await api.expect(200, 'GET', `/orders/${o.orderId}`)).body.order as OrderView;
  const views = await mapLimit(placed, AUDIT_CONCURRENCY, readBack);
  const audit = auditOrders(views, jobs.winners, (courierId) => city.couriers.get(courierId)?.capacity ?? 0);
  const pushes = options.push.sent.slice(pushStart);
  return cityReport({ seed, counts, seconds, placed, views, audit, jobs, arrivals, pushes, api, wallSeconds: (performance.now() - started) / 1000 });
}

/** Sellers register; couriers go online with their capacity and report where they start. */
async function openForBusiness(api: CityApi, city: CityModel): Promise<void> {
  await Promise.all(
    [...city.sellers].map(([sellerId, location]) => api.expect(201, 'POST', '/sellers', { sellerId, name: `Kitchen ${sellerId}`, location })),
  );
  await Promise.all(
    [...city.couriers.values()].map(async (c) => {
      await api.expect(201, 'POST', `/couriers/${c.id}/status`, { status: 'ONLINE', capacity: c.capacity });
      await api.expect(200, 'POST', `/couriers/${c.id}/location`, { location: c.at });
    }),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
