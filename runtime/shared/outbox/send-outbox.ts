/**
 * The notifier's core: delivers the outbox of one row exactly once in effect. Each entry is claimed
 * (table-store/claim.ts) before it is sent and marked SENT after, so concurrent or repeated
 * invocations never send a SENT entry again. A send that fails goes back to PENDING and the
 * invocation throws at the end, so FC retries it; after maxSendAttempts sends the entry is recorded
 * FAILED with the last error.
 *
 * Once Push has accepted an entry, only the SENT record is retried (as a write, SENT_WRITE_ATTEMPTS
 * times), never the Push: a failed or unanswered SENT write does not make the entry PENDING again.
 * The SENT write also passes when it already landed (its answer was lost), so a retry is harmless.
 *
 * The one window left: a notifier that dies after Push accepted and before SENT is written (or that
 * never learns Push's answer, or whose SENT writes all fail). Its claim is taken over by FC's retry
 * of the same invocation (same requestId) or, after CLAIM_LEASE_MS, by any notifier, and the entry
 * is sent once more. Every push carries the entry's `notificationId` in its extParameters, so the
 * app drops the second delivery.
 *
 * An entry with an `expiresAt` (news that is void once late, e.g. an offer) claimed at or after it is
 * recorded EXPIRED by that claim, with the reason, and never pushed: a notifier queued late (its
 * writer died before queueing it) or retried late cannot deliver it. The claim the push follows is
 * taken before expiresAt. After a takeover from a notifier that died mid-send, an EXPIRED entry may
 * still have reached the app before it expired.
 */
import type { Logger } from '../log';
import type { Clock, ColumnCondition, PrimaryKey, Push, TableStore } from '../ports';
import { claim, claimStillHeld, columnEquals, ifCondition, type ClaimColumns } from '../table-store';
import { isUnsent, outboxColumn, readOutbox, type OutboxEntry } from './outbox-entries';

/** Longer than a Push call can take (pop-core's default timeout is 10 s). */
export const CLAIM_LEASE_MS = 60_000;

/** Tries of the SENT record after Push accepted; past them the invocation fails and its retry sends once more. */
const SENT_WRITE_ATTEMPTS = 3;

export interface OutboxSenderDeps {
  store: TableStore;
  push: Push;
  clock: Clock;
}

/** The row holding the outbox. */
export interface OutboxRow {
  table: string;
  key: PrimaryKey;
  /** The entity's id: names its notifications (`<id>.n<k>`). */
  id: string;
  /** Added to every push's extParameters and log line, e.g. `{ orderId }`. */
  pushParameters: Record<string, string>;
}

export interface OutboxSendOptions {
  requestId: string;
  maxSendAttempts: number;
  log: Logger;
}

export interface OutboxSendResult {
  sent: string[];
  /** Given up for good: FAILED after maxSendAttempts, or EXPIRED before it could be sent. */
  failed: string[];
}

/**
 * Sends every unsent entry this invocation can claim. Undefined when the row does not exist; throws
 * (for FC's retry) when a failed send was left PENDING.
 */
export async function sendOutbox(deps: OutboxSenderDeps, outbox: OutboxRow, options: OutboxSendOptions): Promise<OutboxSendResult | undefined> {
  const row = await deps.store.getRow(outbox.table, outbox.key);
  if (!row) return undefined;
  const result: OutboxSendResult = { sent: [], failed: [] };
  const retrying: string[] = [];
  for (const entry of readOutbox(outbox.id, row).filter(isUnsent)) {
    const log = options.log.child({ ...outbox.pushParameters, notificationId: entry.id });
    const outcome = await deliver(deps, outbox, entry, { ...options, log });
    if (outcome === 'retrying') retrying.push(entry.id);
    else if (outcome === 'failed' || outcome === 'expired') result.failed.push(entry.id);
    else if (outcome !== 'skipped') result.sent.push(entry.id);
  }
  if (retrying.length > 0) throw new Error(`notifications ${retrying.join(', ')} of ${outbox.id} failed to send; retrying`);
  return result;
}

/** taken-over: sent, but the claim had passed to another notifier, which sends it again. */
type Delivery = 'sent' | 'taken-over' | 'failed' | 'retrying' | 'skipped' | 'expired';

async function deliver(deps: OutboxSenderDeps, outbox: OutboxRow, entry: OutboxEntry, options: OutboxSendOptions): Promise<Delivery> {
  const { requestId, log } = options;
  const k = entry.index;
  const state = outboxColumn.state(k);
  const columns: ClaimColumns = { holder: outboxColumn.claimedBy(k), takenAt: outboxColumn.claimedAt(k) };
  const { message } = entry;
  const claimedAt = deps.clock.now();
  const expired =
    message.expiresAt !== undefined && claimedAt >= message.expiresAt
      ? `expired at ${new Date(message.expiresAt).toISOString()} before it could be sent`
      : undefined;
  const claimed = await claim(deps.store, {
    table: outbox.table,
    key: outbox.key,
    columns,
    requestId,
    now: claimedAt,
    leaseMs: CLAIM_LEASE_MS,
    // A PENDING entry is free whoever claimed it for an earlier, failed send.
    free: columnEquals(state, 'PENDING'),
    requires: { or: [columnEquals(state, 'PENDING'), columnEquals(state, 'SENDING')] },
    // Void news is settled by the claim itself: nobody can push it after this write.
    update: expired
      ? { put: { [state]: 'EXPIRED', [outboxColumn.error(k)]: expired } }
      : { put: { [state]: 'SENDING' }, increment: { [outboxColumn.attempts(k)]: 1 } },
  });
  if (!claimed) {
    log.info('notification claimed elsewhere');
    return 'skipped';
  }
  if (expired) {
    log.warn('notification not sent: it expired', { kind: message.kind, to: message.to, recipientId: message.recipientId, error: expired });
    return 'expired';
  }
  const mine: ColumnCondition = { and: [columnEquals(state, 'SENDING'), claimStillHeld(columns, requestId, claimedAt)] };
  const attempts = Number(claimed[outboxColumn.attempts(k)]);
  const mark = (put: Record<string, string>, column: ColumnCondition) =>
    ifCondition(() => deps.store.updateRow(outbox.table, outbox.key, { put }, { row: 'EXPECT_EXIST', column }));
  let messageId: string;
  try {
    messageId = await deps.push.push({
      target: message.target,
      targetValue: message.targetValue,
      title: message.title,
      body: message.body,
      extParameters: { ...message.data, notificationId: entry.id, ...outbox.pushParameters, kind: message.kind },
    });
  } catch (err) {
    const final = attempts >= options.maxSendAttempts;
    const reason = err instanceof Error ? `${(err as { code?: unknown }).code ?? err.name}: ${err.message}` : String(err);
    log.logError(err, final ? 'notification failed for good' : 'notification send failed', { kind: message.kind, attempts });
    await mark({ [state]: final ? 'FAILED' : 'PENDING', [outboxColumn.error(k)]: reason.slice(0, 1000) }, mine);
    return final ? 'failed' : 'retrying';
  }
  const sent = { [state]: 'SENT', [outboxColumn.messageId(k)]: messageId };
  // Still ours, or already marked SENT with this messageId by an earlier try whose answer was lost.
  const alreadyMarked: ColumnCondition = { and: [columnEquals(state, 'SENT'), columnEquals(outboxColumn.messageId(k), messageId)] };
  const marked = await writeSent(() => mark(sent, { or: [mine, alreadyMarked] }));
  log.info('notification sent', { kind: message.kind, to: message.to, recipientId: message.recipientId, messageId, attempts });
  if (marked) return 'sent';
  // Lost the claim (lease lapsed mid-send): the other notifier sends it again, the app drops the duplicate.
  log.warn('notification sent but its claim was taken over', { messageId });
  return 'taken-over';
}

/** The SENT record, retried on errors (ifCondition answers a failed condition); the last error propagates. */
async function writeSent(write: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (attempt >= SENT_WRITE_ATTEMPTS) throw err;
    }
  }
}
