/** The dispatch functions on local adapters, driven through API Gateway events built from the official sample. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FixedClock } from '../../../runtime/shared/clock';
import { MAX, MIN, type PrimaryKey } from '../../../runtime/shared/ports';
import { createLocalDispatch, type LocalDispatch } from '../../../runtime/dispatch/local-dispatch';
import { DISPATCH_TABLES, type DispatchSettings } from '../../../runtime/dispatch/settings';
import { DEFAULT_SETTINGS } from './default-settings';

const FIXTURES = path.resolve(__dirname, '../../fixtures/events');
export const APIGW_SAMPLE = readFileSync(path.join(FIXTURES, 'apigw-request.json'));

export const SETTINGS: DispatchSettings = {
  cellPrecision: 6,
  maxRings: 3,
  offerSize: 3,
  offerTtlSeconds: 30,
  maxOfferRounds: 3,
  locationMaxAgeSeconds: 600,
  defaultCourierCapacity: 2,
  loadPenaltyMeters: 500,
  maxBodyBytes: 4096,
  maxSendAttempts: 3,
  push: { appKey: '23267207', apnsEnv: 'DEV' },
  tables: DEFAULT_SETTINGS.tables,
};

export const T0 = Date.UTC(2024, 5, 1, 11, 30);
/** A seller in Hangzhou; couriers are placed north of it, `meters` away. */
export const SELLER_AT = { lat: 30.2741, lon: 120.1551 };
export const DROPOFF = { lat: 30.2841, lon: 120.1651 };
export const near = (meters: number) => ({ lat: SELLER_AT.lat + meters / 111_195, lon: SELLER_AT.lon });

export interface EventOptions {
  base64?: boolean;
  /** Raw body text instead of JSON of `body`. */
  raw?: string;
  pathParameters?: Record<string, string>;
}

/** The official sample with method, path, body and path parameters rewritten. */
export function apiEvent(method: string, urlPath: string, body?: unknown, options: EventOptions = {}): Buffer {
  const event = JSON.parse(APIGW_SAMPLE.toString('utf8'));
  event.httpMethod = method;
  event.path = urlPath;
  const text = options.raw ?? (body === undefined ? '' : JSON.stringify(body));
  const base64 = options.base64 ?? false;
  event.isBase64Encoded = base64;
  event.body = base64 ? Buffer.from(text, 'utf8').toString('base64') : text;
  const id = /^\/(?:orders|couriers)\/([^/]+)/.exec(urlPath)?.[1];
  event.pathParameters = options.pathParameters ?? (id ? { id } : {});
  if (body !== undefined || options.raw !== undefined) event.headers['Content-Type'] = 'application/json';
  return Buffer.from(JSON.stringify(event));
}

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, string>;
}

export interface Harness extends LocalDispatch {
  clock: FixedClock;
  logLines: Array<Record<string, unknown>>;
  call(method: string, urlPath: string, body?: unknown, options?: EventOptions): Promise<Reply>;
  callRaw(event: Buffer): Promise<Reply>;
  seller(sellerId: string, at?: { lat: number; lon: number }): Promise<void>;
  courier(courierId: string, at: { lat: number; lon: number }, capacity?: number): Promise<void>;
  order(idempotencyKey: string, sellerId?: string): Promise<Reply>;
  /** Every row of every dispatch table, in key order. */
  snapshot(): Promise<Record<string, unknown[]>>;
  courierRow(courierId: string): Promise<Record<string, unknown> | undefined>;
  orderRow(orderId: string): Promise<Record<string, unknown> | undefined>;
}

export function harness(overrides: Partial<DispatchSettings> = {}): Harness {
  const clock = new FixedClock(T0);
  const logLines: Array<Record<string, unknown>> = [];
  const local = createLocalDispatch({ settings: { ...SETTINGS, ...overrides }, clock, log: (line) => logLines.push(JSON.parse(line)) });
  const callRaw = async (event: Buffer): Promise<Reply> => {
    const res = await local.api(event, local.context('dispatch-api'));
    expect(res.isBase64Encoded).toBe(false);
    return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
  };
  const call = (method: string, urlPath: string, body?: unknown, options?: EventOptions) => callRaw(apiEvent(method, urlPath, body, options));
  const ok = (reply: Reply, what: string) => {
    if (reply.status >= 300) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  };
  return {
    ...local,
    clock,
    logLines,
    call,
    callRaw,
    async seller(sellerId, at = SELLER_AT) {
      ok(await call('POST', '/sellers', { sellerId, location: at }), `seller ${sellerId}`);
    },
    async courier(courierId, at, capacity) {
      ok(await call('POST', `/couriers/${courierId}/status`, { status: 'ONLINE', ...(capacity ? { capacity } : {}) }), `courier ${courierId}`);
      ok(await call('POST', `/couriers/${courierId}/location`, { location: at }), `location ${courierId}`);
    },
    order: (idempotencyKey, sellerId = 's1') =>
      call('POST', '/orders', { sellerId, items: [{ name: 'noodles', quantity: 2 }], dropoff: DROPOFF, idempotencyKey }),
    async snapshot() {
      const all: Record<string, unknown[]> = {};
      for (const table of Object.values(DISPATCH_TABLES)) {
        const start: PrimaryKey = table.primaryKey.map((k) => [k.name, MIN]);
        const end: PrimaryKey = table.primaryKey.map((k) => [k.name, MAX]);
        all[table.name] = (await local.store.getRange(table.name, start, end)).rows;
      }
      return all;
    },
    courierRow: (courierId) => local.store.getRow(DISPATCH_TABLES.couriers.name, [['courierId', courierId]]),
    orderRow: (orderId) => local.store.getRow(DISPATCH_TABLES.orders.name, [['orderId', orderId]]),
  };
}

/** Pushes whose extParameters name this kind (and recipient). */
export function pushes(h: Harness, kind?: string, targetValue?: string) {
  return h.push.sent.filter((p) => (!kind || p.extParameters?.kind === kind) && (!targetValue || p.targetValue === targetValue));
}
