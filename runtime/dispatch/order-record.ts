/**
 * The orders table (settings.tables.orders, primary key `orderId`) and the one way state changes are written to it.
 *
 * Order row columns:
 *   status          CREATED | OFFERED | ASSIGNED | PICKED_UP | DELIVERED | CANCELLED
 *   version         INTEGER, +1 on every state-changing write; every such write is conditional on
 *                   it (optimistic concurrency), so two writers that read the same row never both win
 *   sellerId, sellerLat, sellerLon, sellerPushTarget, sellerPushValue   copied from the seller at creation
 *   items           JSON OrderItem[];  dropoffLat, dropoffLon
 *   idempotencyKey, requestHash (sha256 of the canonical create request)
 *   createdAt, updatedAt            INTEGER epoch ms
 *   offerRound      INTEGER, candidate searches made so far (0 before the first)
 *   offerCandidates JSON string[], couriers of the current round (who may accept)
 *   offerExpiresAt  INTEGER ms; 0 when no offer is open
 *   courierId, assignedAt, pickedUpAt, deliveredAt, cancelledAt, cancelReason, readyAt, noCourierAt
 *   outboxSize, n<k>…               the notification outbox (outbox.ts)
 */
import type { Attributes, ColumnCondition, PrimaryKey, RowUpdate } from '../shared/ports';
import { columnEquals, ifCondition } from '../shared/table-store';
import { outboxColumns, readOutbox, OUTBOX_SIZE, type Notification, type OutboxEntry } from '../shared/outbox';
import type { DispatchDeps } from './deps';
import { markNotificationsDue } from './notifications';
import type { OrderItem } from './domain-fields';
import type { Position } from './geo/position';

export const ORDER_STATUSES = ['CREATED', 'OFFERED', 'ASSIGNED', 'PICKED_UP', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  orderId: string;
  status: OrderStatus;
  version: number;
  sellerId: string;
  seller: Position;
  sellerPush: { target: Notification['target']; value: string };
  items: OrderItem[];
  dropoff: Position;
  idempotencyKey: string;
  requestHash: string;
  createdAt: number;
  updatedAt: number;
  offerRound: number;
  offerCandidates: string[];
  offerExpiresAt: number;
  courierId?: string;
  assignedAt?: number;
  pickedUpAt?: number;
  deliveredAt?: number;
  cancelledAt?: number;
  cancelReason?: string;
  readyAt?: number;
  noCourierAt?: number;
  outboxSize: number;
  outbox: OutboxEntry[];
  /** The row this order was read from (writeOrder lays its change over it). */
  row: Attributes;
}

export const orderKey = (orderId: string): PrimaryKey => [['orderId', orderId]];

export async function getOrder(deps: DispatchDeps, orderId: string): Promise<Order | undefined> {
  const row = await deps.store.getRow(deps.settings.tables.orders, orderKey(orderId));
  return row ? orderFromRow(orderId, row) : undefined;
}

export function orderFromRow(orderId: string, row: Attributes): Order {
  const num = (name: string) => (typeof row[name] === 'number' ? (row[name] as number) : undefined);
  const str = (name: string) => (typeof row[name] === 'string' ? (row[name] as string) : undefined);
  const list = (name: string) => (str(name) ? (JSON.parse(str(name)!) as string[]) : []);
  return {
    orderId,
    status: row.status as OrderStatus,
    version: num('version') ?? 0,
    sellerId: str('sellerId') ?? '',
    seller: { lat: num('sellerLat') ?? 0, lon: num('sellerLon') ?? 0 },
    sellerPush: { target: (str('sellerPushTarget') ?? 'ACCOUNT') as Notification['target'], value: str('sellerPushValue') ?? str('sellerId') ?? '' },
    items: JSON.parse(str('items') ?? '[]') as OrderItem[],
    dropoff: { lat: num('dropoffLat') ?? 0, lon: num('dropoffLon') ?? 0 },
    idempotencyKey: str('idempotencyKey') ?? '',
    requestHash: str('requestHash') ?? '',
    createdAt: num('createdAt') ?? 0,
    updatedAt: num('updatedAt') ?? 0,
    offerRound: num('offerRound') ?? 0,
    offerCandidates: list('offerCandidates'),
    offerExpiresAt: num('offerExpiresAt') ?? 0,
    ...optional('courierId', str('courierId')),
    ...optional('assignedAt', num('assignedAt')),
    ...optional('pickedUpAt', num('pickedUpAt')),
    ...optional('deliveredAt', num('deliveredAt')),
    ...optional('cancelledAt', num('cancelledAt')),
    ...optional('cancelReason', str('cancelReason')),
    ...optional('readyAt', num('readyAt')),
    ...optional('noCourierAt', num('noCourierAt')),
    outboxSize: num(OUTBOX_SIZE) ?? 0,
    outbox: readOutbox(orderId, row),
    row,
  };
}

function optional<K extends string, V>(name: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, V>);
}

export interface OrderChange {
  put?: Attributes;
  delete?: string[];
  notifications?: Notification[];
  /** Further column conditions (Table Store allows 10 in all; status and version take 2). */
  conditions?: ColumnCondition[];
  /**
   * The order's open_offers row is due (its expiresAt no later than now) and stays so until the
   * writer has queued the notifier: the sweeper then finds these notifications through that row, and
   * the outbox_due marker (one more round trip before the write) is not needed. Offer rounds only.
   */
  sweptWhileUnsent?: true;
}

/**
 * Writes a change of the order as read: conditional on its status and version (and `conditions`),
 * bumping the version and appending notifications to the outbox in the same single-row write.
 * Returns the order after the write, or undefined when someone else changed it first: the row as
 * read with the change laid over it, in one round trip (no read back). Every state change bumps
 * the version this write was conditional on, so all but the outbox's delivery states are exact;
 * those (the notifier moves them on without a version) are as read, as on any order read.
 */
export async function writeOrder(deps: DispatchDeps, order: Order, change: OrderChange, now: number): Promise<Order | undefined> {
  const update: RowUpdate = {
    put: {
      ...change.put,
      ...outboxColumns(order.outboxSize, change.notifications ?? []),
      version: order.version + 1,
      updatedAt: now,
    },
    ...(change.delete && change.delete.length > 0 ? { delete: change.delete } : {}),
  };
  // First, so an invocation that dies after the write (before queuing the notifier) leaves the sweeper a marker.
  if ((change.notifications ?? []).length > 0 && !change.sweptWhileUnsent) await markNotificationsDue(deps, order.orderId, order.version + 1, now);
  let after: Order | undefined;
  await ifCondition(async () => {
    const condition = {
      row: 'EXPECT_EXIST' as const,
      column: { and: [columnEquals('status', order.status), columnEquals('version', order.version), ...(change.conditions ?? [])] },
    };
    await deps.store.updateRow(deps.settings.tables.orders, orderKey(order.orderId), update, condition, { returnRow: false });
    const row = { ...order.row };
    for (const name of update.delete ?? []) delete row[name];
    after = orderFromRow(order.orderId, { ...row, ...update.put });
  });
  return after;
}

/** What GET /orders/{id} and the write endpoints answer (no idempotency or outbox internals). */
export function orderView(order: Order): Record<string, unknown> {
  const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
  return {
    orderId: order.orderId,
    status: order.status,
    sellerId: order.sellerId,
    items: order.items,
    dropoff: order.dropoff,
    courierId: order.courierId,
    ready: order.readyAt !== undefined,
    offerRound: order.offerRound,
    offerExpiresAt: order.status === 'OFFERED' ? iso(order.offerExpiresAt) : undefined,
    createdAt: iso(order.createdAt),
    assignedAt: iso(order.assignedAt),
    pickedUpAt: iso(order.pickedUpAt),
    deliveredAt: iso(order.deliveredAt),
    cancelledAt: iso(order.cancelledAt),
    cancelReason: order.cancelReason,
    noCourierAt: iso(order.noCourierAt),
  };
}
