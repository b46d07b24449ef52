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
import { EARTH_RADIUS_METERS, radians } from '../runtime/dispatch/geo/haversine';
import type { Position } from '../runtime/dispatch/geo/position';
import { percentiles, type Percentiles } from '../runtime/dispatch/local/percentiles';
import { offsetPosition, seededRandom } from '../runtime/dispatch/local/random-points';
import type { PushRequest } from '../runtime/shared/ports';

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

export interface CityReport {
  seed: number;
  sellers: number;
  couriers: number;
  seconds: number;
  ordersPlaced: number;
  /** Orders a courier took (cancelled or not since). */
  assigned: number;
  delivered: number;
  cancelled: number;
  /** Neither taken nor cancelled: no candidate nearby, or every candidate was full. */
  unassigned: number;
  /** Assigned or picked up when the run ended. */
  inProgress: number;
  acceptsSent: number;
  /** 409 answers to accepts: someone else won, or the courier was full. */
  acceptConflicts: number;
  /** The same 409s by error code, e.g. invalid_transition (the order was taken), courier_at_capacity. */
  acceptConflictCodes: Record<string, number>;
  /** POST /orders answered → first accept answered 200, as the apps saw it. */
  assignmentLatencyMs: Percentiles;
  /** assignedAt − createdAt on the orders: the platform's side of the same span. */
  orderToAssignmentMs: Percentiles;
  /** durationMs of the runtime's offer decisions (its decision log); set by runs that can read the log. */
  offerDecisionMs?: Percentiles;
  /** Must be 0: the sum of the three audit counts. */
  doubleAssignments: number;
  audit: {
    /** Orders whose accept answered 200 to more than one courier. */
    multipleWinners: number;
    /** Orders whose courier is not the one whose accept answered 200. */
    winnerMismatch: number;
    /** Couriers that held more orders at once than their capacity (assignedAt … deliveredAt/cancelledAt). */
    overCapacity: number;
  };
  idempotentReplays: { sent: number; sameOrder: number };
  notificationsSent: number;
  /** Pushes whose notificationId had been sent before (at-least-once delivery; apps drop them). */
  duplicateNotifications: number;
  /** Answers other than 2xx (besides accept 409s) by route and status, e.g. a pickup after a cancel. */
  refusals: Record<string, number>;
  serverErrors: number;
  requests: number;
  wallSeconds: number;
}

const CITY_METERS = 10_000;
const CENTRE: Position = { lat: 30.2741, lon: 120.1551 };
const METERS_PER_TICK = 60;
const PUSH_POLL_MS = 5;
/** The run is settled once nothing is scheduled or in flight and no push arrived for this long. */
const QUIET_MS = 100;
const REPLAY_SHARE = 0.05;
const CANCEL_SHARE = 0.06;
const READY_SHARE = 0.5;
const AUDIT_CONCURRENCY = 16;
/** Pickup or delivery delay for an order whose offer arrived before its POST /orders answer (a rare race). */
const UNPLANNED_STEP_MS = 250;

interface Courier {
  id: string;
  capacity: number;
  at: Position;
  wanderTo: Position;
  jobs: Map<string, { phase: 'to-seller' | 'to-dropoff'; seller: Position; dropoff: Position }>;
  reporting: boolean;
}

/** Everything random about an order, drawn before the run so a seed always makes the same city. */
interface OrderPlan {
  body: { sellerId: string; items: Array<{ name: string; quantity: number }>; dropoff: Position; idempotencyKey: string };
  replay?: 'concurrent' | 'later';
  replayAfter: number;
  cancelAfter?: number;
  readyAfter?: number;
  pickupAfter: number;
  deliverAfter: number;
  orderId?: string;
  /** When POST /orders first answered. */
  answeredAt?: number;
}

interface OrderView {
  orderId: string;
  status: string;
  sellerId: string;
  dropoff: Position;
  courierId?: string;
  createdAt?: string;
  assignedAt?: string;
  deliveredAt?: string;
  cancelledAt?: string;
}

export async function runDispatchCity(options: CityOptions): Promise<CityReport> {
  const sellerCount = options.sellers ?? 20;
  const courierCount = options.couriers ?? 60;
  const orderCount = options.orders ?? 200;
  const seconds = options.seconds ?? 5;
  const seed = options.seed ?? 1;
  const tickMs = options.tickMs ?? 200;
  const random = seededRandom(seed);
  const between = (min: number, max: number) => min + random() * (max - min);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const inCity = () => offsetPosition(CENTRE, (random() - 0.5) * CITY_METERS, (random() - 0.5) * CITY_METERS);

  const started = performance.now();
  const api = new CityApi(options.url);
  const tasks = new Tasks();
  // Position reports never stop, so they are kept apart from the tasks the run waits to finish.
  const reports = new Tasks();
  const pushStart = options.push.sent.length;

  const sellers = new Map(Array.from({ length: sellerCount }, (_, i) => [`s${i + 1}`, inCity()]));
  await Promise.all([...sellers].map(([sellerId, location]) => api.expect(201, 'POST', '/sellers', { sellerId, name: `Kitchen ${sellerId}`, location })));

  const couriers = new Map<string, Courier>();
  for (let i = 0; i < courierCount; i++) {
    const id = `c${i + 1}`;
    couriers.set(id, { id, capacity: 1 + Math.floor(random() * 3), at: inCity(), wanderTo: inCity(), jobs: new Map(), reporting: false });
  }
  const plans = Array.from({ length: orderCount }, (_, i): OrderPlan => {
    const sellerId = pick([...sellers.keys()]);
    const angle = random() * 2 * Math.PI;
    const distance = between(500, 4000);
    return {
      body: {
        sellerId,
        items: [{ name: pick(['noodles', 'dumplings', 'tea', 'rice bowl']), quantity: 1 + Math.floor(random() * 3) }],
        dropoff: offsetPosition(sellers.get(sellerId)!, Math.sin(angle) * distance, Math.cos(angle) * distance),
        idempotencyKey: `city-${seed}-${i}`,
      },
      replay: random() < REPLAY_SHARE ? (random() < 0.5 ? 'concurrent' : 'later') : undefined,
      replayAfter: between(50, 300),
      // Cancels land before, during and after the courier's part; the seller is ready before the pickup.
      cancelAfter: random() < CANCEL_SHARE ? between(0, 300) : undefined,
      readyAfter: random() < READY_SHARE ? between(20, 120) : undefined,
      pickupAfter: between(150, 400),
      deliverAfter: between(200, 500),
    };
  });
  const wanderStreams = new Map([...couriers.keys()].map((id, i) => [id, seededRandom(seed + i + 1)]));
  const wanderTo = (id: string) => {
    const next = wanderStreams.get(id)!;
    return offsetPosition(CENTRE, (next() - 0.5) * CITY_METERS, (next() - 0.5) * CITY_METERS);
  };
  await Promise.all(
    [...couriers.values()].map(async (c) => {
      await api.expect(201, 'POST', `/couriers/${c.id}/status`, { status: 'ONLINE', capacity: c.capacity });
      await api.expect(200, 'POST', `/couriers/${c.id}/location`, { location: c.at });
    }),
  );

  const intervals: NodeJS.Timeout[] = [];
  const moveAndReport = (c: Courier) => {
    const job = c.jobs.values().next().value;
    const target = job ? (job.phase === 'to-seller' ? job.seller : job.dropoff) : c.wanderTo;
    c.at = stepToward(c.at, target, METERS_PER_TICK);
    if (!job && c.at === target) c.wanderTo = wanderTo(c.id);
    if (c.reporting) return;
    c.reporting = true;
    reports.run(() => api.call('POST', `/couriers/${c.id}/location`, 'POST /couriers/{id}/location', { location: c.at }).finally(() => (c.reporting = false)));
  };
  [...couriers.values()].forEach((c, i) => {
    // Staggered, so the reports spread over the tick.
    reports.later((i * tickMs) / courierCount, async () => {
      intervals.push(setInterval(() => moveAndReport(c), tickMs));
    });
  });

  /** Couriers whose accept answered 200, and when the first did, by order id. */
  const winners = new Map<string, Set<string>>();
  const wonAt = new Map<string, number>();
  let acceptsSent = 0;
  let acceptConflicts = 0;
  const acceptConflictCodes: Record<string, number> = {};
  let replays = 0;
  let sameOrder = 0;

  const planOf = new Map<string, OrderPlan>();
  const accept = async (c: Courier, orderId: string) => {
    acceptsSent++;
    const reply = await api.call('POST', `/orders/${orderId}/accept`, undefined, { courierId: c.id });
    if (reply.status === 409) {
      acceptConflicts++;
      const code = String(reply.body?.error?.code);
      acceptConflictCodes[code] = (acceptConflictCodes[code] ?? 0) + 1;
      return;
    }
    if (reply.status !== 200) return api.refused('POST /orders/{id}/accept', reply.status);
    const order = reply.body.order as OrderView;
    winners.set(orderId, (winners.get(orderId) ?? new Set()).add(c.id));
    if (!wonAt.has(orderId)) wonAt.set(orderId, performance.now());
    c.jobs.set(orderId, { phase: 'to-seller', seller: sellers.get(order.sellerId)!, dropoff: order.dropoff });
    tasks.later(planOf.get(orderId)?.pickupAfter ?? UNPLANNED_STEP_MS, () => pickup(c, orderId));
  };
  const pickup = async (c: Courier, orderId: string) => {
    const job = c.jobs.get(orderId);
    if (!job) return; // cancelled meanwhile
    const reply = await api.call('POST', `/orders/${orderId}/pickup`, 'POST /orders/{id}/pickup', { courierId: c.id });
    if (reply.status !== 200) return void c.jobs.delete(orderId);
    job.phase = 'to-dropoff';
    tasks.later(planOf.get(orderId)?.deliverAfter ?? UNPLANNED_STEP_MS, async () => {
      if (!c.jobs.delete(orderId)) return;
      await api.call('POST', `/orders/${orderId}/deliver`, 'POST /orders/{id}/deliver', { courierId: c.id });
    });
  };

  // Offers arrive by push (a round's offers in one batch): every candidate in the batch accepts at once.
  const seenNotifications = new Set<string>();
  let pushCursor = pushStart;
  let lastPushAt = performance.now();
  const readPushes = () => {
    const offers = new Map<string, Courier[]>();
    for (; pushCursor < options.push.sent.length; pushCursor++) {
      lastPushAt = performance.now();
      const { targetValue, extParameters: ext } = options.push.sent[pushCursor];
      const courier = couriers.get(targetValue);
      if (!courier || !ext?.orderId || seenNotifications.has(ext.notificationId)) continue;
      // Like the apps, drop a second delivery of a notification.
      seenNotifications.add(ext.notificationId);
      if (ext.kind === 'CANCELLED') courier.jobs.delete(ext.orderId);
      if (ext.kind === 'OFFER') offers.set(ext.orderId, [...(offers.get(ext.orderId) ?? []), courier]);
    }
    for (const [orderId, candidates] of offers) tasks.run(() => Promise.all(candidates.map((c) => accept(c, orderId))));
  };
  intervals.push(setInterval(readPushes, PUSH_POLL_MS));

  const place = async (plan: OrderPlan) => {
    const create = async () => {
      const reply = await api.call('POST', '/orders', 'POST /orders', plan.body);
      if (reply.status !== 201 && reply.status !== 200) return undefined;
      const orderId = String(reply.body.order.orderId);
      if (!plan.orderId) {
        plan.orderId = orderId;
        plan.answeredAt = performance.now();
        planOf.set(orderId, plan);
      }
      return orderId;
    };
    const created = await Promise.all([create(), ...(plan.replay === 'concurrent' ? [create()] : [])]);
    const { orderId } = plan;
    if (!orderId) return;
    if (plan.replay === 'concurrent') countReplay(created[0] === created[1]);
    if (plan.replay === 'later') tasks.later(plan.replayAfter, async () => countReplay((await create()) === orderId));
    if (plan.cancelAfter !== undefined) tasks.later(plan.cancelAfter, () => api.call('POST', `/orders/${orderId}/cancel`, 'POST /orders/{id}/cancel', { reason: 'customer changed their mind' }));
    if (plan.readyAfter !== undefined) tasks.later(plan.readyAfter, () => api.call('POST', `/orders/${orderId}/ready`, 'POST /orders/{id}/ready', { sellerId: plan.body.sellerId }));
  };
  const countReplay = (same: boolean) => {
    replays++;
    if (same) sameOrder++;
  };
  plans.forEach((plan, i) => tasks.later((i * seconds * 1000) / orderCount, () => place(plan)));

  await sleep(seconds * 1000);
  const settleBy = performance.now() + (options.settleSeconds ?? 3) * 1000;
  while (performance.now() < settleBy && !(tasks.idle() && performance.now() - lastPushAt >= QUIET_MS)) await sleep(20);
  intervals.forEach(clearInterval);
  await Promise.all([tasks.stop(), reports.stop()]);
  const failure = [...tasks.failures, ...reports.failures][0];
  if (failure) throw failure;

  const placed = plans.filter((o) => o.orderId);
  const views = await mapLimit(placed, AUDIT_CONCURRENCY, async (o) => (await api.expect(200, 'GET', `/orders/${o.orderId}`)).body.order as OrderView);
  const audit = auditOrders(views, winners, couriers);
  const count = (status: string) => views.filter((v) => v.status === status).length;
  const sent = options.push.sent.slice(pushStart);
  const ids = new Set<string>();
  let duplicateNotifications = 0;
  for (const p of sent) {
    const id = p.extParameters?.notificationId;
    if (id && ids.has(id)) duplicateNotifications++;
    if (id) ids.add(id);
  }
  return {
    seed,
    sellers: sellerCount,
    couriers: courierCount,
    seconds,
    ordersPlaced: placed.length,
    assigned: views.filter((v) => v.assignedAt !== undefined).length,
    delivered: count('DELIVERED'),
    cancelled: count('CANCELLED'),
    unassigned: views.filter((v) => v.assignedAt === undefined && v.status !== 'CANCELLED').length,
    inProgress: count('ASSIGNED') + count('PICKED_UP'),
    acceptsSent,
    acceptConflicts,
    acceptConflictCodes,
    // An accept can win before the customer's app has its answer; that counts as no wait at all.
    assignmentLatencyMs: percentiles(placed.flatMap((o) => (wonAt.has(o.orderId!) ? [Math.max(0, wonAt.get(o.orderId!)! - o.answeredAt!)] : []))),
    orderToAssignmentMs: percentiles(views.flatMap((v) => (v.assignedAt && v.createdAt ? [Date.parse(v.assignedAt) - Date.parse(v.createdAt)] : []))),
    doubleAssignments: audit.multipleWinners + audit.winnerMismatch + audit.overCapacity,
    audit,
    idempotentReplays: { sent: replays, sameOrder },
    notificationsSent: sent.length,
    duplicateNotifications,
    refusals: api.refusals,
    serverErrors: api.serverErrors,
    requests: api.requests,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

function auditOrders(views: OrderView[], winners: Map<string, Set<string>>, couriers: Map<string, Courier>): CityReport['audit'] {
  let multipleWinners = 0;
  let winnerMismatch = 0;
  const held = new Map<string, Array<[at: number, change: 1 | -1]>>();
  for (const view of views) {
    const won = [...(winners.get(view.orderId) ?? [])];
    if (won.length > 1) multipleWinners++;
    else if (view.courierId !== won[0]) winnerMismatch++;
    if (!view.courierId || !view.assignedAt) continue;
    const changes = held.get(view.courierId) ?? [];
    changes.push([Date.parse(view.assignedAt), 1]);
    const released = view.deliveredAt ?? view.cancelledAt;
    if (released) changes.push([Date.parse(released), -1]);
    held.set(view.courierId, changes);
  }
  let overCapacity = 0;
  for (const [courierId, changes] of held) {
    // The runtime frees a slot after the write that ends an order, so at equal times the release comes first.
    changes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let load = 0;
    let peak = 0;
    for (const [, change] of changes) peak = Math.max(peak, (load += change));
    if (peak > (couriers.get(courierId)?.capacity ?? 0)) overCapacity++;
  }
  return { multipleWinners, winnerMismatch, overCapacity };
}

export function formatCityReport(r: CityReport): string {
  const ms = (p: Percentiles) => (p.count === 0 ? 'n/a' : `p50 ${p.p50.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms (${p.count} orders)`);
  const n = (value: number) => value.toLocaleString('en');
  const refusals = Object.entries(r.refusals).map(([what, times]) => `${what} ×${times}`);
  return [
    `dispatch city (seed ${r.seed}): ${r.sellers} sellers, ${r.couriers} couriers, orders over ${r.seconds} s; ${n(r.requests)} requests in ${r.wallSeconds.toFixed(1)} s`,
    `orders: ${r.ordersPlaced} placed, ${r.assigned} assigned, ${r.delivered} delivered, ${r.cancelled} cancelled, ${r.unassigned} unassigned, ${r.inProgress} still under way`,
    `accepts: ${r.acceptsSent} sent by racing candidates, ${r.acceptConflicts} conflicts (409${Object.entries(r.acceptConflictCodes).map(([code, times]) => ` ${code} ×${times}`).join(',')})`,
    `assignment latency, order answered → accept won (apps): ${ms(r.assignmentLatencyMs)}`,
    `order created → assigned (order rows): ${ms(r.orderToAssignmentMs)}`,
    ...(r.offerDecisionMs ? [`offer decision (runtime decision log): ${ms(r.offerDecisionMs).replace('orders', 'decisions')}`] : []),
    `idempotent replays: ${r.idempotentReplays.sent} sent, ${r.idempotentReplays.sameOrder} answered with the same order`,
    `notifications: ${n(r.notificationsSent)} sent, ${r.duplicateNotifications} duplicates`,
    `refusals: ${refusals.length > 0 ? refusals.join(', ') : 'none'}${r.serverErrors > 0 ? `; ${r.serverErrors} SERVER ERRORS` : ''}`,
    `double assignments: ${r.doubleAssignments} (two winners ${r.audit.multipleWinners}, winner mismatch ${r.audit.winnerMismatch}, couriers over capacity ${r.audit.overCapacity}) ${r.doubleAssignments === 0 ? 'OK' : 'FAILED'}`,
  ].join('\n');
}

/** One step of `meters` from `from` toward `to` on a local flat map; `to` itself once within reach. */
function stepToward(from: Position, to: Position, meters: number): Position {
  const metersPerDegree = (EARTH_RADIUS_METERS * Math.PI) / 180;
  const north = (to.lat - from.lat) * metersPerDegree;
  const east = (to.lon - from.lon) * metersPerDegree * Math.cos(radians(from.lat));
  const distance = Math.hypot(north, east);
  if (distance <= meters) return to;
  return offsetPosition(from, (north / distance) * meters, (east / distance) * meters);
}

interface Reply {
  status: number;
  body: any;
}

/** The apps' HTTP client: counts requests, and answers other than 2xx by route. */
class CityApi {
  requests = 0;
  serverErrors = 0;
  readonly refusals: Record<string, number> = {};

  constructor(private readonly base: string) {}

  /** `route` names the API for the refusal count; undefined when the caller counts the answer itself. */
  async call(method: string, path: string, route: string | undefined, body?: unknown): Promise<Reply> {
    this.requests++;
    const res = await fetch(this.base + path, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const reply = { status: res.status, body: text ? JSON.parse(text) : undefined };
    if (res.status >= 500) this.serverErrors++;
    if (route && res.status >= 300) this.refused(route, res.status);
    return reply;
  }

  refused(route: string, status: number): void {
    this.refusals[`${route} ${status}`] = (this.refusals[`${route} ${status}`] ?? 0) + 1;
  }

  /** A call that must answer `status` (setting up, auditing). */
  async expect(status: number, method: string, path: string, body?: unknown): Promise<Reply> {
    const reply = await this.call(method, path, undefined, body);
    if (reply.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply;
  }
}

/** The run's timers and requests, so it can tell when it is quiet and stop cleanly. */
class Tasks {
  readonly failures: unknown[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  later(ms: number, fn: () => Promise<unknown>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.run(fn);
    }, ms);
    this.timers.add(timer);
  }

  run(fn: () => Promise<unknown>): void {
    const task: Promise<void> = fn().then(
      () => undefined,
      (err: unknown) => void this.failures.push(err),
    );
    this.running.add(task);
    void task.finally(() => this.running.delete(task));
  }

  idle(): boolean {
    return this.timers.size === 0 && this.running.size === 0;
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
