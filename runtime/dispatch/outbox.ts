/**
 * The notification outbox, kept on the order row itself: a state change and the notifications it
 * causes are one conditional single-row write (atomic in Table Store), so neither exists without
 * the other. The notifier (notifier.ts) then claims, sends and marks each entry.
 *
 * Columns of entry k (k = 0, 1, … ; `outboxSize` on the row counts the entries):
 *   n<k>           JSON Notification (immutable)
 *   n<k>State      PENDING → SENDING → SENT, or back to PENDING after a failed send, FAILED after
 *                  settings.maxSendAttempts
 *   n<k>Attempts   INTEGER, sends started
 *   n<k>ClaimedAt  INTEGER ms, n<k>ClaimedBy  requestId of the notifier that holds the claim
 *   n<k>MessageId  Mobile Push MessageId once SENT;  n<k>Error  last send error
 * The notifier writes only these columns and never the order's `version`, so it never conflicts
 * with state changes (which condition on `version`).
 */
import type { Logger } from '../shared/log';
import type { Attributes, PushRequest } from '../shared/ports';
import { HttpError } from '../shared/http';
import type { DispatchDeps } from './deps';

export type NotificationState = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';

export interface Notification {
  /** What happened, e.g. OFFER, NEW_ORDER, ASSIGNED. */
  kind: string;
  to: 'courier' | 'seller';
  recipientId: string;
  target: PushRequest['target'];
  targetValue: string;
  title: string;
  body: string;
  /** Extra key-values for the app (the notifier adds notificationId, orderId, kind). */
  data?: Record<string, string>;
}

export interface OutboxEntry {
  index: number;
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
};

export function notificationId(orderId: string, index: number): string {
  return `${orderId}.n${index}`;
}

/** Columns that append `notifications` after the row's current `size` entries. */
export function outboxColumns(size: number, notifications: Notification[]): Attributes {
  const columns: Attributes = {};
  notifications.forEach((message, i) => {
    const k = size + i;
    columns[outboxColumn.message(k)] = JSON.stringify(message);
    columns[outboxColumn.state(k)] = 'PENDING';
    columns[outboxColumn.attempts(k)] = 0;
  });
  if (notifications.length > 0) columns[OUTBOX_SIZE] = size + notifications.length;
  return columns;
}

export function readOutbox(orderId: string, row: Attributes): OutboxEntry[] {
  const size = typeof row[OUTBOX_SIZE] === 'number' ? (row[OUTBOX_SIZE] as number) : 0;
  const entries: OutboxEntry[] = [];
  for (let k = 0; k < size; k++) {
    const raw = row[outboxColumn.message(k)];
    if (typeof raw !== 'string') continue;
    const claimedBy = row[outboxColumn.claimedBy(k)];
    const messageId = row[outboxColumn.messageId(k)];
    const error = row[outboxColumn.error(k)];
    entries.push({
      index: k,
      id: notificationId(orderId, k),
      message: JSON.parse(raw) as Notification,
      state: row[outboxColumn.state(k)] as NotificationState,
      attempts: Number(row[outboxColumn.attempts(k)] ?? 0),
      claimedAt: Number(row[outboxColumn.claimedAt(k)] ?? 0),
      ...(typeof claimedBy === 'string' ? { claimedBy } : {}),
      ...(typeof messageId === 'string' ? { messageId } : {}),
      ...(typeof error === 'string' ? { error } : {}),
    });
  }
  return entries;
}

/** Entries a notifier still has to deliver (SENDING too: its claim may belong to a notifier that died). */
export function hasUnsent(entries: OutboxEntry[]): boolean {
  return entries.some((e) => e.state === 'PENDING' || e.state === 'SENDING');
}

/**
 * Asks the notifier to deliver an order's outbox. Called right after a write that added entries and
 * again by any replayed request that finds entries unsent: that closes the window in which the
 * write landed but this call did not (crash, or FC refusing the invoke). If the invoke fails the
 * request answers 503 so the client retries, and the retry (a replay) invokes again.
 */
export async function kickNotifier(deps: DispatchDeps, orderId: string, log: Logger): Promise<void> {
  try {
    await deps.invoker.invokeAsync(deps.notifierFunction, { orderId });
  } catch (err) {
    log.logError(err, 'notifier invoke failed', { orderId });
    throw new HttpError(503, 'notifier_unavailable', 'the change is saved but its notifications could not be queued; retry the request');
  }
}

/** A courier's notifications go to the Mobile Push account named like the courier. */
export function courierNotification(courierId: string, kind: string, title: string, body: string, data?: Record<string, string>): Notification {
  return { kind, to: 'courier', recipientId: courierId, target: 'ACCOUNT', targetValue: courierId, title, body, ...(data ? { data } : {}) };
}
