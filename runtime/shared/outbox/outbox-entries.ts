/**
 * A notification outbox, kept on the row of the entity whose state changed (an order, a device):
 * a state change and the notifications it causes are one conditional single-row write (atomic in
 * Table Store), so neither exists without the other. The notifier (send-outbox.ts) then claims,
 * sends and marks each entry.
 *
 * Columns of entry k (k = 0, 1, … ; `outboxSize` on the row counts the entries):
 *   n<k>           JSON Notification (immutable)
 *   n<k>State      PENDING → SENDING → SENT, or back to PENDING after a failed send, FAILED after
 *                  maxSendAttempts; EXPIRED (never pushed) when claimed at or after its expiresAt
 *   n<k>Attempts   INTEGER, sends started
 *   n<k>ClaimedAt  INTEGER ms, n<k>ClaimedBy  requestId of the notifier that holds the claim
 *   n<k>MessageId  Mobile Push MessageId once SENT;  n<k>Error  last send error, or why it EXPIRED
 * The notifier writes only these columns and never the entity's own (e.g. its `version`), so it
 * never conflicts with state changes.
 *
 * An entity whose life is unbounded (a device notifies for years) keeps a ring instead: with a
 * `capacity`, entry k lives in slot k % capacity, so the row holds the latest `capacity` entries and an
 * entry older than those is overwritten (superseded) by a newer one.
 */
import type { Attributes, PushRequest } from '../ports';

export type NotificationState = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'EXPIRED';

export interface Notification {
  /** What happened, e.g. OFFER, NEW_ORDER, ASSIGNED. */
  kind: string;
  /** The recipient's role, e.g. courier or seller. */
  to: string;
  recipientId: string;
  target: PushRequest['target'];
  targetValue: string;
  title: string;
  body: string;
  /** Extra key-values for the app (the notifier adds notificationId, kind and the entity's id). */
  data?: Record<string, string>;
  /**
   * Epoch ms from which the news is void (an offer that can no longer be accepted): the notifier then records the
   * entry EXPIRED instead of pushing it. A notifier that dies or is queued late must not deliver it after this.
   */
  expiresAt?: number;
}

export interface OutboxEntry {
  index: number;
  /** The first index of the state change that wrote it (its own index in rows written before batches existed). */
  batch: number;
  /** The columns' number: `index`, or `index % capacity` in a ring. */
  slot: number;
  /** Stable across retries; apps drop a second delivery of the same id. */
  id: string;
  message: Notification;
  state: NotificationState;
  attempts: number;
  claimedAt: number;
  claimedBy?: string;
  messageId?: string;
  error?: string;
}

export const OUTBOX_SIZE = 'outboxSize';

export const outboxColumn = {
  message: (k: number) => `n${k}`,
  state: (k: number) => `n${k}State`,
  attempts: (k: number) => `n${k}Attempts`,
  claimedAt: (k: number) => `n${k}ClaimedAt`,
  claimedBy: (k: number) => `n${k}ClaimedBy`,
  messageId: (k: number) => `n${k}MessageId`,
  error: (k: number) => `n${k}Error`,
  /** Ring slots only: which entry the slot holds now, so a claim never takes the entry that superseded the one read. */
  index: (k: number) => `n${k}Index`,
  /** The first index of the entries written with this one (one state change): they are sent together, under one token. */
  batch: (k: number) => `n${k}Batch`,
};

/** `<entityId>.n<k>`: unique across entities of one table. */
export function notificationId(entityId: string, index: number): string {
  return `${entityId}.n${index}`;
}

/** Where entry `index` is kept: its own columns, or a ring slot when the outbox has a capacity. */
export function outboxSlot(index: number, capacity?: number): number {
  return capacity === undefined ? index : index % capacity;
}

/**
 * Columns that append `notifications` after the row's current `size` entries (written with the state change). In a
 * ring the slot's claim and result columns are reset, since they belonged to the entry it supersedes.
 */
export function outboxColumns(size: number, notifications: Notification[], capacity?: number): Attributes {
  if (capacity !== undefined && notifications.length > capacity) {
    throw new Error(`${notifications.length} notifications exceed the outbox's ${capacity} slots`);
  }
  const columns: Attributes = {};
  notifications.forEach((message, i) => {
    const k = outboxSlot(size + i, capacity);
    columns[outboxColumn.message(k)] = JSON.stringify(message);
    columns[outboxColumn.state(k)] = 'PENDING';
    columns[outboxColumn.attempts(k)] = 0;
    columns[outboxColumn.batch(k)] = size;
    if (capacity !== undefined) {
      columns[outboxColumn.index(k)] = size + i;
      columns[outboxColumn.claimedAt(k)] = 0;
      columns[outboxColumn.claimedBy(k)] = '';
      columns[outboxColumn.messageId(k)] = '';
      columns[outboxColumn.error(k)] = '';
    }
  });
  if (notifications.length > 0) columns[OUTBOX_SIZE] = size + notifications.length;
  return columns;
}

export function outboxSize(row: Attributes | undefined): number {
  const size = row?.[OUTBOX_SIZE];
  return typeof size === 'number' ? size : 0;
}

/** The row's entries (in a ring, the latest `capacity` of them), oldest first. */
export function readOutbox(entityId: string, row: Attributes, capacity?: number): OutboxEntry[] {
  const size = outboxSize(row);
  const entries: OutboxEntry[] = [];
  for (let index = capacity === undefined ? 0 : Math.max(0, size - capacity); index < size; index++) {
    const k = outboxSlot(index, capacity);
    const raw = row[outboxColumn.message(k)];
    if (typeof raw !== 'string') continue;
    const claimedBy = row[outboxColumn.claimedBy(k)];
    const messageId = row[outboxColumn.messageId(k)];
    const error = row[outboxColumn.error(k)];
    const batch = row[outboxColumn.batch(k)];
    entries.push({
      index,
      batch: typeof batch === 'number' ? batch : index,
      slot: k,
      id: notificationId(entityId, index),
      message: JSON.parse(raw) as Notification,
      state: row[outboxColumn.state(k)] as NotificationState,
      attempts: Number(row[outboxColumn.attempts(k)] ?? 0),
      claimedAt: Number(row[outboxColumn.claimedAt(k)] ?? 0),
      ...(typeof claimedBy === 'string' && claimedBy !== '' ? { claimedBy } : {}),
      ...(typeof messageId === 'string' && messageId !== '' ? { messageId } : {}),
      ...(typeof error === 'string' && error !== '' ? { error } : {}),
    });
  }
  return entries;
}

/** Still to be delivered: PENDING, or SENDING (its claim may belong to a notifier that died). */
export function isUnsent(entry: OutboxEntry): boolean {
  return entry.state === 'PENDING' || entry.state === 'SENDING';
}

export function hasUnsent(entries: OutboxEntry[]): boolean {
  return entries.some(isUnsent);
}
