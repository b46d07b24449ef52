/**
 * Due markers: a small table naming the rows whose outbox may hold entries nobody has queued the
 * notifier for. A writer that adds entries marks the row first; so an API that dies after its state
 * write (and a client that never retries) leaves a marker, and resendDue (run by a timer) queues
 * the notifier for it. The marker table has the outbox table's primary key, and each marker holds
 * the `version` the writer's state change will give the row (the row's own optimistic-concurrency
 * counter, bumped by every write that adds entries).
 *
 * A marker goes once its version has landed and every entry of that row version is SENT or FAILED:
 * the notifier deletes it after a complete delivery, resendDue after finding nothing unsent. A
 * later writer's marker carries a higher version, so neither delete can take it. A marker whose
 * write never landed (its writer died before it) goes after DUE_GRACE_MS, far longer than any
 * writer takes from marking to writing (a function's timeout).
 */
import type { Logger } from '../log';
import type { Attributes, ColumnCondition, Invoker, PrimaryKey, TableStore } from '../ports';
import { MAX, MIN } from '../ports';
import { columnEquals, ifCondition } from '../table-store';
import { hasUnsent, readOutbox } from './outbox-entries';

/** Markers younger than this are left to the notifier their writer queued (its claims last as long). */
export const DUE_SETTLE_MS = 60_000;
/** A marker whose version never landed is dropped after this. */
export const DUE_GRACE_MS = 15 * 60_000;

/** Where the markers of one kind of outbox row live. */
export interface OutboxDue {
  /** The marker table: the same primary key as the outbox rows. */
  table: string;
  /** The outbox rows' version column. */
  versionColumn: string;
}

/**
 * Marks the row due before a write that gives it `version`; keeps a marker of a higher version. One
 * of the same version (a writer that died before its write) gets the new time, so it is not dropped
 * as stale while this writer is still on its way.
 */
export async function markDue(store: TableStore, due: OutboxDue, key: PrimaryKey, version: number, now: number): Promise<void> {
  // No marker, or one of this or an earlier version (pass_if_missing covers the first: columnAbsent is for string columns).
  const older: ColumnCondition = { column: 'version', op: '<=', value: version, passIfMissing: true };
  await ifCondition(() => store.updateRow(due.table, key, { put: { version, dueAt: now } }, { row: 'IGNORE', column: older }, { returnRow: false }));
}


export interface DueOutboxes extends OutboxDue {
  /** The table of the outbox rows. */
  rows: string;
  /** The one primary-key column of rows and markers, e.g. `orderId`: the notifier is invoked with `{ [keyColumn]: id }`. */
  keyColumn: string;
}

export interface ResendDueDeps {
  store: TableStore;
  invoker: Invoker;
  notifierFunction: string;
  due: DueOutboxes;
  log: Logger;
  /**
   * What a writer does after its write besides notifying (e.g. giving back a courier slot), repeated
   * for a marker whose writer may have died; it must be safe to repeat.
   */
  finish?: (id: string) => Promise<void>;
}

export interface ResendDueResult {
  scanned: number;
  queued: number;
  cleared: number;
}

/** Queues the notifier for every settled marker whose row has unsent entries; drops the others. Throws the first failure at the end. */
export async function resendDue(deps: ResendDueDeps, now: number): Promise<ResendDueResult> {
  const { store, due } = deps;
  const result: ResendDueResult = { scanned: 0, queued: 0, cleared: 0 };
  let firstError: unknown;
  let start: PrimaryKey | undefined = [[due.keyColumn, MIN]];
  while (start) {
    const page = await store.getRange(due.table, start, [[due.keyColumn, MAX]]);
    for (const { key, attributes } of page.rows) {
      result.scanned++;
      if (Number(attributes.dueAt) > now - DUE_SETTLE_MS) continue;
      try {
        const outcome = await resendOne(deps, key, attributes, now);
        if (outcome !== 'kept') result[outcome]++;
      } catch (err) {
        deps.log.logError(err, 'resending a due outbox failed', { [due.keyColumn]: String(key[0][1]) });
        firstError ??= err;
      }
    }
    start = page.next;
  }
  deps.log.info('due outboxes', { ...result });
  if (firstError) throw firstError;
  return result;
}

async function resendOne(deps: ResendDueDeps, key: PrimaryKey, marker: Attributes, now: number): Promise<'queued' | 'cleared' | 'kept'> {
  const { store, due } = deps;
  const id = String(key[0][1]);
  await deps.finish?.(id);
  const row = await store.getRow(due.rows, key);
  if (row && hasUnsent(readOutbox(id, row))) {
    await deps.invoker.invokeAsync(deps.notifierFunction, { [due.keyColumn]: id });
    return 'queued';
  }
  const landed = Number(row?.[due.versionColumn] ?? 0) >= Number(marker.version);
  if (!landed && Number(marker.dueAt) > now - DUE_GRACE_MS) return 'kept';
  // Unchanged since read: a writer that marked meanwhile keeps its marker.
  const unchanged: ColumnCondition = { and: [columnEquals('version', marker.version), columnEquals('dueAt', marker.dueAt)] };
  return (await ifCondition(() => store.deleteRow(due.table, key, { row: 'EXPECT_EXIST', column: unchanged }))) ? 'cleared' : 'kept';
}
