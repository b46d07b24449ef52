/**
 * A claim on a row (or on some columns of it): one invocation takes it with a conditional write
 * before doing work that must not run twice at once. The holder column names the invocation's
 * requestId, so FC's retry of the same invocation (it keeps the requestId) takes the claim back;
 * anyone may take it once the lease has run out, since its holder may have died.
 */
import type { Attributes, ColumnCondition, PrimaryKey, RowUpdate, TableStore } from '../ports';
import { columnAbsent, columnEquals } from './conditions';
import { ifCondition } from './if-condition';

export interface ClaimColumns {
  /** Holds the requestId of the invocation holding the claim. */
  holder: string;
  /** Holds when the claim was taken (epoch ms). */
  takenAt: string;
}

export interface ClaimRequest {
  table: string;
  key: PrimaryKey;
  columns: ClaimColumns;
  requestId: string;
  now: number;
  /** Milliseconds after which anyone may take the claim over: longer than the work it guards can take. */
  leaseMs: number;
  /** When the claim counts as free; default: no holder. */
  free?: ColumnCondition;
  /** Must hold as well, whoever holds the claim (e.g. the work is not done yet). */
  requires?: ColumnCondition;
  /** Further changes made by the same write. */
  update?: RowUpdate;
  /** IGNORE takes a row that may not exist yet (creating it); default EXPECT_EXIST. */
  row?: 'EXPECT_EXIST' | 'IGNORE';
}

/** Takes the claim; returns the row after the claim, or undefined when another invocation holds it. */
export async function claim(store: TableStore, request: ClaimRequest): Promise<Attributes | undefined> {
  const { columns, requestId, now } = request;
  const takeable: ColumnCondition = {
    or: [
      request.free ?? columnAbsent(columns.holder),
      columnEquals(columns.holder, requestId),
      { column: columns.takenAt, op: '<=', value: now - request.leaseMs, passIfMissing: false },
    ],
  };
  const update = request.update ?? {};
  let after: Attributes | undefined;
  await ifCondition(async () => {
    after = await store.updateRow(
      request.table,
      request.key,
      { ...update, put: { ...update.put, [columns.holder]: requestId, [columns.takenAt]: now } },
      { row: request.row ?? 'EXPECT_EXIST', column: request.requires ? { and: [request.requires, takeable] } : takeable },
    );
  });
  return after;
}

/** Passes while the claim taken at `takenAt` is still this invocation's (nobody took it over). */
export function claimStillHeld(columns: ClaimColumns, requestId: string, takenAt: number): ColumnCondition {
  return { and: [columnEquals(columns.holder, requestId), columnEquals(columns.takenAt, takenAt)] };
}
