/**
 * Order assignment under load, on the local adapters (no HTTP: the API function is called with API
 * Gateway events built from the official sample). A 10 km city with 2,000 ONLINE couriers; 1,000
 * POST /orders at once (Promise.all), each timed inside the handler; then every offered courier
 * accepts at once, and the orders and couriers are audited for double assignments.
 *
 * One API function instance runs at most instanceConcurrency requests at once (1: FC 3.0's built-in runtimes serve
 * one request per instance), so the 1,000 orders are all submitted together and admitted that many at a time.
 * A request's decision latency is the time its handler spends running, summed over its slices
 * between awaits (async_hooks): with an in-memory store a handler never waits on I/O, so this is
 * the order creation plus the offer decision without the time spent queued behind the other 999
 * requests in one Node process — and without Table Store's round trips, which the cloud adds.
 * Garbage collection pauses land in whichever slice is running; with 1,000 requests in flight in
 * one heap they make the tail, so the p99 is also shown with them taken out.
 */
import { AsyncLocalStorage, createHook } from 'node:async_hooks';
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import { percentiles } from '../runtime/shared/percentiles';
import { LOCAL_DISPATCH_FUNCTIONS, type LocalDispatch } from '../runtime/dispatch/local-dispatch';
import { MAX, MIN, type PrimaryKey, type RangePage } from '../runtime/shared/ports';
import { DISPATCH_DEFAULTS } from '../constructs/dispatch-system/defaults';
import { apiEvent, BENCH_SETTINGS, CITY_DESCRIPTION, COURIERS, randomOrder, seedCity } from './dispatch-city';
import { Figure, formatMs, median, nowMs, RUNS } from './stats';

export const DECISION_P99_TARGET_MS = 5;
const ORDERS = 1_000;
const SEED = 20240601;
/** Requests one API function instance serves at once (the construct's default). */
const INSTANCE_CONCURRENCY = DISPATCH_DEFAULTS.apiFunction.instanceConcurrency;
/** The settings a DispatchSystem with default props runs with. */

interface Run {
  p50: number;
  p99: number;
  p99WithoutGc: number;
  gcPauses: number;
  gcMs: number;
  burstMs: number;
  offered: number;
  offeredCouriers: number;
  /** Couriers offered more than one order in the burst, and the most orders any one was offered. */
  couriersOfferedSeveral: number;
  mostOffersToOneCourier: number;
  accepts: number;
  assigned: number;
  conflicts: number;
  conflictCodes: Record<string, number>;
  doubleAssignments: number;
}

export async function benchAssignment(): Promise<Figure[]> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runOnce(SEED + i, INSTANCE_CONCURRENCY));
  // For comparison: all 1,000 admitted into one heap at once, which no FC instance does.
  const oneHeapRuns: number[] = [];
  for (let i = 0; i < 3; i++) oneHeapRuns.push((await runOnce(SEED + i, ORDERS)).p99);
  const oneHeap = median(oneHeapRuns);
  const last = runs[runs.length - 1];
  const p99 = median(runs.map((r) => r.p99));
  const doubles = runs.reduce((n, r) => n + r.doubleAssignments, 0);
  const where = `${CITY_DESCRIPTION}, in-memory store`;
  const codes = Object.entries(last.conflictCodes)
    .map(([code, times]) => `${code} ${times}`)
    .join(', ');
  return [
    {
      measure: `dispatch: order decision p50 (${ORDERS.toLocaleString('en')} concurrent POST /orders)`,
      value: formatMs(median(runs.map((r) => r.p50))),
      target: '-',
      note:
        `handler time per request, slices between awaits; 1,000 in flight, ${INSTANCE_CONCURRENCY} at a time per instance as FC runs them; ${where}`,
    },
    {
      measure: 'dispatch: order decision p99',
      value: formatMs(p99),
      target: `< ${DECISION_P99_TARGET_MS} ms`,
      met: p99 < DECISION_P99_TARGET_MS,
      note: 'GC pauses included; Table Store round trips excluded',
    },
    {
      measure: 'dispatch: order decision p99, all 1,000 in one heap',
      value: formatMs(oneHeap),
      target: '-',
      note: 'no instance limit: every request holds its state at once, so young-generation GC pauses land in the tail; median of 3',
    },
    {
      measure: 'dispatch: order decision p99 without GC pauses',
      value: formatMs(median(runs.map((r) => r.p99WithoutGc))),
      target: '-',
      note: `${last.gcPauses} GC pauses, ${formatMs(last.gcMs)} in all, during the burst (last run)`,
    },
    {
      measure: 'dispatch: concurrent orders, whole burst',
      value: formatMs(median(runs.map((r) => r.burstMs))),
      target: '-',
      note: `${ORDERS.toLocaleString('en')} orders in one process, ${last.offered} offered (last run)`,
    },
    {
      measure: 'dispatch: burst orders assigned in the first offer round',
      value: `${last.assigned} / ${ORDERS.toLocaleString('en')}`,
      target: '-',
      note:
        `offers went to ${last.offeredCouriers} of ${COURIERS.toLocaleString('en')} couriers, ` +
        `${last.couriersOfferedSeveral} of them offered several orders (up to ${last.mostOffersToOneCourier}): ` +
        `an open offer counts as one load unit however many are open, ` +
        `so once a seller's orders have marked every courier within loadPenaltyMeters of its nearest, ` +
        `the rest go back to the nearest (as do orders searched before a concurrent one's marks land); ` +
        `each courier accepts all its offers at once and wins at most its capacity`,
    },
    {
      measure: 'dispatch: double assignments, racing accepts',
      value: String(doubles),
      target: '0',
      met: doubles === 0,
      note: `${RUNS} runs; an order with two accepted couriers, or a courier over capacity`,
    },
    {
      measure: 'dispatch: accept conflicts (409)',
      value: String(last.conflicts),
      target: '-',
      note: `${last.accepts} accepts at once (last run); ${codes}`,
    },
  ];
}

async function runOnce(seed: number, admitted: number): Promise<Run> {
  const city = await seedCity(seed);
  const { dispatch } = city;
  const call = (method: string, url: string, body?: unknown) =>
    dispatch.api(apiEvent(method, url, body), dispatch.context(LOCAL_DISPATCH_FUNCTIONS.apiFunction));
  // Built beforehand: only the handlers are timed.
  const orders = Array.from({ length: ORDERS }, (_, i) => apiEvent('POST', '/orders', randomOrder(city, `bench-${seed}-${i}`)));

  const timer = new HandlerTimer();
  const started = nowMs();
  // FC runs at most instanceConcurrency requests in one instance (one heap) and scales out for more:
  // the 1,000 orders are all in flight at once, admitted INSTANCE_CONCURRENCY at a time, as one instance would.
  const admit = limiter(admitted);
  const { result: created, gc } = await timer.during(() =>
    Promise.all(orders.map((event) => admit(() => timer.measure(() => dispatch.api(event, dispatch.context(LOCAL_DISPATCH_FUNCTIONS.apiFunction)))))),
  );
  const burstMs = nowMs() - started;
  const failed = created.find((c) => c.result.statusCode !== 201);
  if (failed) throw new Error(`POST /orders answered ${failed.result.statusCode}: ${failed.result.body}`);
  const { p50, p99 } = percentiles(created.map((c) => c.ms));
  const p99WithoutGc = percentiles(created.map((c) => c.ms - overlapMs(c.slices, gc))).p99;
  const offered = created.filter((c) => JSON.parse(c.result.body).order.status === 'OFFERED').length;

  // The offers reach the couriers by push; every courier offered an order accepts it at once.
  await dispatch.invoker.drain();
  const offers = dispatch.push.sent
    .filter((p) => p.extParameters?.kind === 'OFFER')
    .map((p) => ({ orderId: p.extParameters!.orderId, courierId: p.targetValue }));
  const offersPerCourier = new Map<string, number>();
  for (const { courierId } of offers) offersPerCourier.set(courierId, (offersPerCourier.get(courierId) ?? 0) + 1);
  const replies = await Promise.all(offers.map(({ orderId, courierId }) => call('POST', `/orders/${orderId}/accept`, { courierId })));
  const winners = new Map<string, number>();
  const conflictCodes: Record<string, number> = {};
  replies.forEach((reply, i) => {
    if (reply.statusCode === 200) winners.set(offers[i].orderId, (winners.get(offers[i].orderId) ?? 0) + 1);
    else if (reply.statusCode === 409) {
      const code = String(JSON.parse(reply.body).error.code);
      conflictCodes[code] = (conflictCodes[code] ?? 0) + 1;
    } else throw new Error(`accept answered ${reply.statusCode}: ${reply.body}`);
  });
  await dispatch.invoker.drain();
  const doubleAssignments = [...winners.values()].filter((n) => n > 1).length + (await couriersOverCapacity(dispatch));
  return {
    p50,
    p99,
    p99WithoutGc,
    gcPauses: gc.length,
    gcMs: gc.reduce((ms, [from, to]) => ms + to - from, 0),
    burstMs,
    offered,
    offeredCouriers: offersPerCourier.size,
    couriersOfferedSeveral: [...offersPerCourier.values()].filter((n) => n > 1).length,
    mostOffersToOneCourier: Math.max(0, ...offersPerCourier.values()),
    accepts: offers.length,
    assigned: winners.size,
    conflicts: Object.values(conflictCodes).reduce((a, b) => a + b, 0),
    conflictCodes,
    doubleAssignments,
  };
}

/** Couriers holding more ASSIGNED orders than their capacity, or whose activeOrders disagrees with them. */
async function couriersOverCapacity(dispatch: LocalDispatch): Promise<number> {
  const all = async (table: string, key: string) => {
    const rows: RangePage['rows'] = [];
    for (let start: PrimaryKey | undefined = [[key, MIN]]; start; ) {
      const page: RangePage = await dispatch.store.getRange(table, start, [[key, MAX]]);
      rows.push(...page.rows);
      start = page.next;
    }
    return rows;
  };
  const held = new Map<string, number>();
  for (const { attributes } of await all(BENCH_SETTINGS.tables.orders, 'orderId')) {
    if (attributes.status === 'ASSIGNED') held.set(String(attributes.courierId), (held.get(String(attributes.courierId)) ?? 0) + 1);
  }
  let over = 0;
  for (const { key, attributes } of await all(BENCH_SETTINGS.tables.couriers, 'courierId')) {
    const orders = held.get(String(key[0][1])) ?? 0;
    const capacity = typeof attributes.capacity === 'number' ? attributes.capacity : BENCH_SETTINGS.defaultCourierCapacity;
    if (orders > capacity || attributes.activeOrders !== orders) over++;
  }
  return over;
}


type Interval = [from: number, to: number];

/** Milliseconds of `slices` that fall inside any of `pauses`. */
function overlapMs(slices: readonly Interval[], pauses: readonly Interval[]): number {
  let ms = 0;
  for (const [from, to] of slices) {
    for (const [pauseFrom, pauseTo] of pauses) ms += Math.max(0, Math.min(to, pauseTo) - Math.max(from, pauseFrom));
  }
  return ms;
}

interface CallTime {
  ms: number;
  slices: Interval[];
  done: boolean;
}

/**
 * Time each concurrent call spends running: its synchronous start plus every later slice that runs
 * in its async context (performance.now(), the clock GC entries use).
 */
class HandlerTimer {
  private readonly context = new AsyncLocalStorage<CallTime>();
  private depth = 0;
  private slice?: CallTime;
  private sliceStarted = 0;
  private readonly hook = createHook({
    before: () => {
      if (this.depth++ > 0) return;
      this.slice = this.context.getStore();
      this.sliceStarted = performance.now();
    },
    after: () => {
      if (--this.depth > 0 || !this.slice) return;
      // Work the call left behind (e.g. the notifier it queued) runs later, in its context, and is not its latency.
      if (!this.slice.done) add(this.slice, this.sliceStarted, performance.now());
      this.slice = undefined;
    },
  });

  /** Runs `fn` with the timer on; `gc` lists the garbage collection pauses meanwhile. */
  async during<T>(fn: () => Promise<T>): Promise<{ result: T; gc: Interval[] }> {
    const entries: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
    observer.observe({ entryTypes: ['gc'] });
    this.hook.enable();
    try {
      const result = await fn();
      this.hook.disable();
      // GC entries reach the observer from a later turn of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { result, gc: entries.concat(observer.takeRecords()).map((e) => [e.startTime, e.startTime + e.duration]) };
    } finally {
      this.hook.disable();
      observer.disconnect();
    }
  }

  async measure<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; slices: Interval[] }> {
    const time: CallTime = { ms: 0, slices: [], done: false };
    const started = performance.now();
    const pending = this.context.run(time, fn);
    add(time, started, performance.now());
    const result = await pending;
    time.done = true;
    return { result, ms: time.ms, slices: time.slices };
  }
}

function add(time: CallTime, from: number, to: number): void {
  time.ms += to - from;
  time.slices.push([from, to]);
}

/** Runs at most `n` of the tasks given to it at once; the rest wait their turn. */
function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
