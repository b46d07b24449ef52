/**
 * The contract between the DispatchSystem construct and its functions: table schemas (the
 * construct creates the tables from them), environment variable names and the settings JSON.
 */
import type { FunctionManifest } from '../shared/function-manifest';
import { baseTableNames, type TableSchema } from '../shared/ots-contract';

/** The pattern's functions: the API answers API Gateway; the rest run on events and retry into the failure handler. */
export const DISPATCH_FUNCTIONS = {
  apiFunction: { handler: 'api', runtime: 'nodejs20', invocation: 'sync' },
  notifier: { handler: 'notifier', runtime: 'nodejs20', invocation: 'async', retries: 'sendAttempts', onFailure: 'failureHandler' },
  offerSweeper: { handler: 'offer-sweeper', runtime: 'nodejs20', invocation: 'async', onFailure: 'failureHandler' },
  failureHandler: { handler: 'failure', runtime: 'nodejs20', invocation: 'async', retries: 'terminal' },
} as const satisfies FunctionManifest;

/** Async retries of notifier and sweeper unless the construct's `maxRetries` says otherwise (local runs use it too). */
export const DISPATCH_DEFAULT_RETRIES = 2;

export interface DispatchSettings {
  /** Geohash precision of the courier location index (6 ≈ 1.2 km × 0.6 km cells). */
  cellPrecision: number;
  /** Rings of neighbouring cells searched at most around the seller. */
  maxRings: number;
  /** Couriers offered an order at once. */
  offerSize: number;
  /** Seconds couriers have to accept before the order is offered to the next candidates. */
  offerTtlSeconds: number;
  /** Offer rounds before an order stays CREATED with no courier (and the seller is told). */
  maxOfferRounds: number;
  /** Positions older than this are ignored when looking for couriers. */
  locationMaxAgeSeconds: number;
  /** Active orders a courier may carry at once unless its row says otherwise. */
  defaultCourierCapacity: number;
  /** Metres of detour one active order (or an open offer of another order) is worth when ranking candidates. */
  loadPenaltyMeters: number;
  /** Request bodies larger than this are rejected with 413. */
  maxBodyBytes: number;
  /** Notification attempts before a send is recorded as failed. */
  maxSendAttempts: number;
  /** The Mobile Push app notifications are sent through, and the APNs environment for iOS devices. */
  push: { appKey: string; apnsEnv: 'DEV' | 'PRODUCT' };
  /** The name of each table in the Table Store instance (patterns of one stack share an instance, so names differ per instance). */
  tables: Record<DispatchTable, string>;
}

export type { KeyType } from '../shared/ots-contract';

/** Every table of the pattern: its schema and base name (the construct names each instance's tables, settings.tables). */
export const DISPATCH_TABLES = {
  orders: { name: 'orders', primaryKey: [{ name: 'orderId', type: 'STRING' }] },
  couriers: { name: 'couriers', primaryKey: [{ name: 'courierId', type: 'STRING' }] },
  sellers: { name: 'sellers', primaryKey: [{ name: 'sellerId', type: 'STRING' }] },
  /** Legs of an order's route: 1 courier → seller, 2 seller → customer. */
  routes: { name: 'routes', primaryKey: [{ name: 'orderId', type: 'STRING' }, { name: 'leg', type: 'INTEGER' }] },
  /** Location index: one row per courier under the geohash cell it was last seen in. */
  courierCells: { name: 'courier_cells', primaryKey: [{ name: 'cell', type: 'STRING' }, { name: 'courierId', type: 'STRING' }] },
  /** Orders whose offer is open, so the offer sweeper reads only those. */
  openOffers: { name: 'open_offers', primaryKey: [{ name: 'orderId', type: 'STRING' }] },
  /** Orders whose outbox may hold entries nobody queued the notifier for (shared/outbox/outbox-due.ts). */
  outboxDue: { name: 'outbox_due', primaryKey: [{ name: 'orderId', type: 'STRING' }] },
} as const satisfies Record<string, TableSchema>;

export type DispatchTable = keyof typeof DISPATCH_TABLES;

export const DISPATCH_TABLE_KEYS = Object.keys(DISPATCH_TABLES) as DispatchTable[];

/** The base names as table names: what a single DispatchSystem, local runs and tests use. */
export const BASE_TABLE_NAMES = baseTableNames(DISPATCH_TABLES);

/** The APIs: the construct publishes one API Gateway API per route, the API function routes by them. */
export const DISPATCH_ROUTES = [
  { name: 'CreateOrder', method: 'POST', path: '/orders', description: 'Customer places an order (idempotent by idempotencyKey)' },
  { name: 'GetOrder', method: 'GET', path: '/orders/{id}', description: 'Order state, courier and route' },
  { name: 'CancelOrder', method: 'POST', path: '/orders/{id}/cancel', description: 'Cancel while CREATED, OFFERED or ASSIGNED' },
  { name: 'AcceptOrder', method: 'POST', path: '/orders/{id}/accept', description: 'Courier accepts an offer; the first valid accept wins' },
  { name: 'PickupOrder', method: 'POST', path: '/orders/{id}/pickup', description: 'Assigned courier picked the order up' },
  { name: 'DeliverOrder', method: 'POST', path: '/orders/{id}/deliver', description: 'Assigned courier delivered the order' },
  { name: 'OrderReady', method: 'POST', path: '/orders/{id}/ready', description: 'Seller marks the order ready for pickup' },
  { name: 'CourierLocation', method: 'POST', path: '/couriers/{id}/location', description: 'Courier reports its position' },
  { name: 'CourierStatus', method: 'POST', path: '/couriers/{id}/status', description: 'Courier goes online or offline' },
  { name: 'RegisterSeller', method: 'POST', path: '/sellers', description: 'Register a seller with its location' },
] as const satisfies ReadonlyArray<{ name: string; method: 'GET' | 'POST'; path: string; description: string }>;

export type DispatchRouteName = (typeof DISPATCH_ROUTES)[number]['name'];

export const DISPATCH_ENV = {
  settings: 'DISPATCH_SETTINGS',
  otsInstance: 'OTS_INSTANCE',
  otsEndpoint: 'OTS_ENDPOINT',
  notifierFunction: 'NOTIFIER_FUNCTION',
} as const;

/** Fields of the structured decision log lines, indexed in Log Service by the construct. */
export const DECISION_LOG_FIELDS = [
  /** offer | assign | exhausted */
  { name: 'decision', type: 'text' },
  { name: 'orderId', type: 'text' },
  { name: 'round', type: 'long' },
  { name: 'sellerId', type: 'text' },
  /** assign: the courier whose accept won (= winner). */
  { name: 'courierId', type: 'text' },
  /** JSON array of {courierId, score, distanceToSellerMeters, activeOrders, pendingOffer, capacity, ageSeconds}, best first. */
  { name: 'candidates', type: 'text' },
  { name: 'candidateCount', type: 'long' },
  /** Comma-separated courier ids the order was offered to. */
  { name: 'offeredTo', type: 'text' },
  { name: 'excludedCount', type: 'long' },
  /** offer: the best-scored candidate; assign: the courier whose accept won. */
  { name: 'winner', type: 'text' },
  { name: 'winnerScore', type: 'double' },
  { name: 'winnerDistanceMeters', type: 'double' },
  { name: 'rings', type: 'long' },
  { name: 'cellsScanned', type: 'long' },
  { name: 'rowsRead', type: 'long' },
  { name: 'durationMs', type: 'double' },
  /** Context the API's logger adds (absent on the sweeper's lines). */
  { name: 'method', type: 'text' },
  { name: 'path', type: 'text' },
  { name: 'gatewayRequestId', type: 'text' },
] as const satisfies ReadonlyArray<{ name: string; type: 'text' | 'long' | 'double' }>;
