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
 *
 * The entries one state change wrote (a device's owners of each kind, an order's courier and seller)
 * are claimed and then sent together: one entry is a Push, several are one MassPush (up to 100 tasks,
 * shared/push-plan.ts), marked SENT together, each with its own MessageId. Every call carries an
 * IdempotentToken derived from its entries' ids: a retry sends the same entries (the SENT record of a
 * call is one write for up to 5-10 entries, and entries of different state changes never share a call),
 * so Mobile Push drops a repeat within its 15 minutes. A MassPush refused outright (a 4xx: nothing was pushed) is sent again entry by
 * entry, so one bad target does not fail the others.
 */
import type { Logger } from '../log';
import { PushRefusedError, type Clock, type ColumnCondition, type PrimaryKey, type Push, type PushRequest, type TableStore } from '../ports';
import { claim, claimStillHeld, columnEquals, ifCondition, type ClaimColumns } from '../table-store';
import { packPushTasks } from '../push-plan';
import { MAX_COLUMN_CONDITIONS } from '../table-store-limits';
import { idempotentToken } from '../push-token';
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
  /** Slots of a ring outbox (outbox-entries.ts); unbounded when omitted. */
  capacity?: number;
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
  const claimedEntries: Claimed[] = [];
  for (const entry of readOutbox(outbox.id, row, outbox.capacity).filter(isUnsent)) {
    const log = options.log.child({ ...outbox.pushParameters, notificationId: entry.id });
    const claimed = await claimEntry(deps, outbox, entry, { ...options, log });
    if (claimed === 'expired') result.failed.push(entry.id);
    else if (claimed !== 'skipped') claimedEntries.push(claimed);
  }
  const retrying: string[] = [];
  const calls = byStateChange(claimedEntries).flatMap((group) =>
    packPushTasks(group.map((c) => c.request)).map((call) => call.indices.map((i) => group[i])),
  );
  for (const batch of calls) {
    for (const [c, outcome] of await sendBatch(deps, outbox, batch, options)) {
      if (outcome === 'retrying') retrying.push(c.entry.id);
      else if (outcome === 'failed') result.failed.push(c.entry.id);
      else result.sent.push(c.entry.id);
    }
  }
  if (retrying.length > 0) throw new Error(`notifications ${retrying.join(', ')} of ${outbox.id} failed to send; retrying`);
  return result;
}

/** Claimed entries grouped by the state change that wrote them, in order. */
function byStateChange(claimed: Claimed[]): Claimed[][] {
  const groups = new Map<number, Claimed[]>();
  for (const c of claimed) groups.set(c.entry.batch, [...(groups.get(c.entry.batch) ?? []), c]);
  return [...groups.values()];
}

/** A refusal that says nothing was pushed, as opposed to an error whose outcome is unknown (also across bundles: by code). */
function refusedOutright(err: unknown): boolean {
  return err instanceof PushRefusedError || (err as { code?: unknown } | null)?.code === 'PushRefused';
}

/** An entry this invocation holds the claim of, ready to send. */
interface Claimed {
  entry: OutboxEntry;
  request: PushRequest;
  /** Sends started, this one included. */
  attempts: number;
  /** Holds while the entry is SENDING under this invocation's claim. */
  mine: ColumnCondition;
  /** The claim's holder: this invocation's requestId. */
  claimedBy: string;
  log: OutboxSendOptions['log'];
}

/** taken-over: sent, but the claim had passed to another notifier, which sends it again. */
type Delivery = 'sent' | 'taken-over' | 'failed' | 'retrying';

async function claimEntry(
  deps: OutboxSenderDeps,
  outbox: OutboxRow,
  entry: OutboxEntry,
  options: OutboxSendOptions,
): Promise<Claimed | 'skipped' | 'expired'> {
  const { requestId, log } = options;
  const k = entry.slot;
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
    requires: slotHolds(outbox, entry, { or: [columnEquals(state, 'PENDING'), columnEquals(state, 'SENDING')] }),
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
  return {
    entry,
    request: {
      target: message.target,
      targetValue: message.targetValue,
      title: message.title,
      body: message.body,
      extParameters: { ...message.data, notificationId: entry.id, ...outbox.pushParameters, kind: message.kind },
    },
    attempts: Number(claimed[outboxColumn.attempts(k)]),
    mine: slotHolds(outbox, entry, { and: [columnEquals(state, 'SENDING'), claimStillHeld(columns, requestId, claimedAt)] }),
    claimedBy: requestId,
    log,
  };
}

/** One Push (one entry) or MassPush (several), then each entry's record: SENT with its MessageId, or PENDING/FAILED. */
async function sendBatch(
  deps: OutboxSenderDeps,
  outbox: OutboxRow,
  batch: Claimed[],
  options: OutboxSendOptions,
): Promise<Array<[Claimed, Delivery]>> {
  const token = idempotentToken(batch.map((c) => c.entry.id).join(','));
  let messageIds: string[];
  try {
    messageIds =
      batch.length === 1
        ? [await deps.push.push({ ...batch[0].request, idempotencyToken: token })]
        : await deps.push.massPush(
            batch.map((c) => c.request),
            token,
          );
    if (messageIds.length !== batch.length) throw new Error(`MassPush answered ${messageIds.length} MessageIds for ${batch.length} tasks`);
  } catch (err) {
    const outcomes: Array<[Claimed, Delivery]> = [];
    if (batch.length > 1 && refusedOutright(err)) {
      batch[0].log.warn('MassPush refused: sending its entries one by one', { error: err instanceof Error ? err.message : String(err) });
      for (const c of batch) outcomes.push(...(await sendBatch(deps, outbox, [c], options)));
      return outcomes;
    }
    for (const c of batch) outcomes.push([c, await recordFailedSend(deps, outbox, c, err, options)]);
    return outcomes;
  }
  // The whole call marked SENT at once, so a retry finds the same entries unsent and sends them with the same token.
  if (batch.length > 1 && (await recordAllSent(deps, outbox, batch, messageIds))) return batch.map((c) => [c, 'sent']);
  const outcomes: Array<[Claimed, Delivery]> = [];
  for (const [i, c] of batch.entries()) outcomes.push([c, await recordSent(deps, outbox, c, messageIds[i])]);
  return outcomes;
}

/**
 * The entries of a MassPush marked SENT together, as few row writes as Table Store's 10 column conditions allow: each
 * entry's condition is only that this invocation still holds its claim (and, in a ring, that the slot still holds it),
 * which a retry of a write whose answer was lost meets again. False when some claim was lost meanwhile: then each is
 * marked alone. (A stop between two of these writes leaves the rest to a retry, whose call then differs and carries
 * another token: the one window where Mobile Push may deliver twice and the app drops the repeat by notificationId.)
 */
async function recordAllSent(deps: OutboxSenderDeps, outbox: OutboxRow, batch: Claimed[], messageIds: string[]): Promise<boolean> {
  const perEntry = outbox.capacity === undefined ? 1 : 2;
  const perWrite = Math.floor(MAX_COLUMN_CONDITIONS / perEntry);
  for (let from = 0; from < batch.length; from += perWrite) {
    const put: Record<string, string> = {};
    const conditions: ColumnCondition[] = [];
    batch.slice(from, from + perWrite).forEach((c, j) => {
      const k = c.entry.slot;
      put[outboxColumn.state(k)] = 'SENT';
      put[outboxColumn.messageId(k)] = messageIds[from + j];
      conditions.push(slotHolds(outbox, c.entry, columnEquals(outboxColumn.claimedBy(k), c.claimedBy)));
    });
    const column = conditions.length === 1 ? conditions[0] : { and: conditions };
    const write = () => deps.store.updateRow(outbox.table, outbox.key, { put }, { row: 'EXPECT_EXIST', column });
    if (!(await writeSent(() => ifCondition(write)))) return false;
  }
  batch.forEach((c, i) => {
    const { kind, to, recipientId } = c.entry.message;
    c.log.info('notification sent', { kind, to, recipientId, messageId: messageIds[i], attempts: c.attempts });
  });
  return true;
}

/** Already marked SENT with this messageId, by an earlier try whose answer was lost. */
function sentWith(k: number, messageId: string): ColumnCondition {
  return { and: [columnEquals(outboxColumn.state(k), 'SENT'), columnEquals(outboxColumn.messageId(k), messageId)] };
}

async function recordFailedSend(deps: OutboxSenderDeps, outbox: OutboxRow, c: Claimed, err: unknown, options: OutboxSendOptions): Promise<Delivery> {
  const k = c.entry.slot;
  const final = c.attempts >= options.maxSendAttempts;
  const reason = err instanceof Error ? `${(err as { code?: unknown }).code ?? err.name}: ${err.message}` : String(err);
  c.log.logError(err, final ? 'notification failed for good' : 'notification send failed', { kind: c.entry.message.kind, attempts: c.attempts });
  const put = { [outboxColumn.state(k)]: final ? 'FAILED' : 'PENDING', [outboxColumn.error(k)]: reason.slice(0, 1000) };
  await ifCondition(() => deps.store.updateRow(outbox.table, outbox.key, { put }, { row: 'EXPECT_EXIST', column: c.mine }));
  return final ? 'failed' : 'retrying';
}

async function recordSent(deps: OutboxSenderDeps, outbox: OutboxRow, c: Claimed, messageId: string): Promise<Delivery> {
  const k = c.entry.slot;
  const state = outboxColumn.state(k);
  const { message } = c.entry;
  const sent = { [state]: 'SENT', [outboxColumn.messageId(k)]: messageId };
  // Still ours, or already marked SENT with this messageId by an earlier try whose answer was lost.
  const column: ColumnCondition = { or: [c.mine, sentWith(k, messageId)] };
  const write = () => deps.store.updateRow(outbox.table, outbox.key, { put: sent }, { row: 'EXPECT_EXIST', column });
  const marked = await writeSent(() => ifCondition(write));
  c.log.info('notification sent', { kind: message.kind, to: message.to, recipientId: message.recipientId, messageId, attempts: c.attempts });
  if (marked) return 'sent';
  // Lost the claim (lease lapsed mid-send): the other notifier sends it again, the app drops the duplicate.
  c.log.warn('notification sent but its claim was taken over', { messageId });
  return 'taken-over';
}

/** In a ring, `condition` and the slot still holding this entry (a newer one may have superseded it since it was read). */
function slotHolds(outbox: OutboxRow, entry: OutboxEntry, condition: ColumnCondition): ColumnCondition {
  if (outbox.capacity === undefined) return condition;
  return { and: [condition, { column: outboxColumn.index(entry.slot), op: '=', value: entry.index, passIfMissing: false }] };
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
