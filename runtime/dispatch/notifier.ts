/**
 * Notifier (invoked asynchronously with `{ orderId }`; FC retries it): delivers an order's outbox
 * exactly once in effect. Each entry is claimed with a conditional update before it is sent and
 * marked SENT after, so concurrent or repeated invocations never send a SENT entry again. A send
 * that fails goes back to PENDING and the invocation throws at the end, so FC retries it; after
 * settings.maxSendAttempts sends the entry is recorded FAILED with the last error.
 *
 * The one window left: a notifier that dies after Push accepted and before SENT is written. Its
 * claim is taken over by FC's retry of the same invocation (same requestId) or, after
 * CLAIM_LEASE_MS, by any notifier, and the entry is sent again. Every push carries the entry's
 * `notificationId` in its extParameters, so the app drops the second delivery.
 */
import type { FcContext } from '../shared/context';
import { isRecord, MalformedEventError, parseJsonEvent } from '../shared/events/malformed-event-error';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { loggerFor, type Logger } from '../shared/log';
import { ConditionFailedError, type ColumnCondition } from '../shared/ports';
import type { DispatchDeps } from './deps';
import { orderKey, ORDERS } from './order-record';
import { outboxColumn, readOutbox, type OutboxEntry } from './outbox';

/** Longer than a Push call can take (pop-core's default timeout is 10 s). */
export const CLAIM_LEASE_MS = 60_000;

export interface NotifierResult {
  orderId?: string;
  sent: string[];
  failed: string[];
  /** Failed sends left PENDING for FC's retry of this invocation. */
  retrying: string[];
  malformed?: string;
}

export function parseNotifierEvent(event: Buffer): { orderId: string } {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  if (typeof root.orderId !== 'string' || root.orderId === '') throw new MalformedEventError('orderId', 'expected a non-empty string');
  return { orderId: root.orderId };
}

export function createNotifier(deps: DispatchDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<NotifierResult> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed notifier event', () => parseNotifierEvent(event));
    if (!parsed.ok) return { sent: [], failed: [], retrying: [], malformed: parsed.error.message };
    const { orderId } = parsed.event;
    const result: NotifierResult = { orderId, sent: [], failed: [], retrying: [] };
    const row = await deps.store.getRow(ORDERS, orderKey(orderId));
    if (!row) {
      log.warn('notifier: no such order', { orderId });
      return result;
    }
    for (const entry of readOutbox(orderId, row)) {
      if (!claimable(entry, ctx.requestId, deps.clock.now())) continue;
      const outcome = await deliver(deps, orderId, entry, ctx.requestId, log.child({ orderId, notificationId: entry.id }));
      if (outcome !== 'skipped') result[outcome].push(entry.id);
    }
    if (result.retrying.length > 0) {
      throw new Error(`notifications ${result.retrying.join(', ')} of order ${orderId} failed to send; retrying`);
    }
    return result;
  };
}

/** PENDING, or SENDING under a claim that this invocation's earlier attempt took or that has lapsed. */
function claimable(entry: OutboxEntry, requestId: string, now: number): boolean {
  if (entry.state === 'PENDING') return true;
  return entry.state === 'SENDING' && (entry.claimedBy === requestId || entry.claimedAt + CLAIM_LEASE_MS <= now);
}

async function deliver(
  deps: DispatchDeps,
  orderId: string,
  entry: OutboxEntry,
  requestId: string,
  log: Logger,
): Promise<'sent' | 'failed' | 'retrying' | 'skipped'> {
  const k = entry.index;
  const claimedAt = deps.clock.now();
  // The entry exactly as read: state and claim time together identify it.
  const asRead: ColumnCondition = {
    and: [
      { column: outboxColumn.state(k), op: '=', value: entry.state, passIfMissing: false },
      { column: outboxColumn.claimedAt(k), op: '=', value: entry.claimedAt, passIfMissing: entry.claimedAt === 0 },
    ],
  };
  const claimed = await conditional(
    deps.store.updateRow(
      ORDERS,
      orderKey(orderId),
      { put: { [outboxColumn.state(k)]: 'SENDING', [outboxColumn.claimedAt(k)]: claimedAt, [outboxColumn.claimedBy(k)]: requestId }, increment: { [outboxColumn.attempts(k)]: 1 } },
      { row: 'EXPECT_EXIST', column: asRead },
    ),
  );
  if (!claimed) {
    log.info('notification claimed elsewhere');
    return 'skipped';
  }
  const mine: ColumnCondition = {
    and: [
      { column: outboxColumn.state(k), op: '=', value: 'SENDING', passIfMissing: false },
      { column: outboxColumn.claimedBy(k), op: '=', value: requestId, passIfMissing: false },
      { column: outboxColumn.claimedAt(k), op: '=', value: claimedAt, passIfMissing: false },
    ],
  };
  const attempts = entry.attempts + 1;
  const { message } = entry;
  try {
    const messageId = await deps.push.push({
      target: message.target,
      targetValue: message.targetValue,
      title: message.title,
      body: message.body,
      extParameters: { ...message.data, notificationId: entry.id, orderId, kind: message.kind },
    });
    const marked = await conditional(
      deps.store.updateRow(ORDERS, orderKey(orderId), { put: { [outboxColumn.state(k)]: 'SENT', [outboxColumn.messageId(k)]: messageId } }, { row: 'EXPECT_EXIST', column: mine }),
    );
    // Lost the claim (lease lapsed mid-send): the other notifier sends it again, the app drops the duplicate.
    if (!marked) log.warn('notification sent but its claim was taken over', { messageId });
    log.info('notification sent', { kind: message.kind, to: message.to, recipientId: message.recipientId, messageId, attempts });
    return 'sent';
  } catch (err) {
    const final = attempts >= deps.settings.maxSendAttempts;
    const reason = err instanceof Error ? `${(err as { code?: unknown }).code ?? err.name}: ${err.message}` : String(err);
    log.logError(err, final ? 'notification failed for good' : 'notification send failed', { kind: message.kind, attempts });
    await conditional(
      deps.store.updateRow(
        ORDERS,
        orderKey(orderId),
        { put: { [outboxColumn.state(k)]: final ? 'FAILED' : 'PENDING', [outboxColumn.error(k)]: reason.slice(0, 1000) } },
        { row: 'EXPECT_EXIST', column: mine },
      ),
    );
    return final ? 'failed' : 'retrying';
  }
}

async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError) return false;
    throw err;
  }
}
