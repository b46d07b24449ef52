/**
 * Table Store request rules both adapters enforce before touching data, so a handler that breaks
 * one fails the same way on a laptop as in the cloud.
 */
import type { BatchWrite, ColumnCondition, Condition, RowUpdate } from './ports';

/** BatchWriteRow accepts at most 200 rows. */
export const BATCH_WRITE_LIMIT = 200;
/** GetRange returns at most 5000 rows per call. */
export const RANGE_LIMIT = 5000;

/** Table Store's OTSParameterInvalid: the request itself is wrong, nothing was written. */
export class TableStoreParameterError extends Error {
  readonly code = 'OTSParameterInvalid';

  constructor(message: string) {
    super(message);
    this.name = 'TableStoreParameterError';
  }
}

export function checkBatchSize(writes: BatchWrite[]): void {
  if (writes.length > BATCH_WRITE_LIMIT) {
    // Table Store's own wording for this error.
    throw new TableStoreParameterError(`Rows count exceeds the upper limit: ${BATCH_WRITE_LIMIT}.`);
  }
}

export function rangeLimit(limit: number | undefined): number {
  if (limit === undefined) return RANGE_LIMIT;
  if (!Number.isInteger(limit) || limit <= 0) throw new TableStoreParameterError(`limit must be a positive integer, got ${limit}`);
  return Math.min(limit, RANGE_LIMIT);
}

/** One operation per column, at least one column, integer increments. */
export function checkRowUpdate(update: RowUpdate): void {
  const columns = [...Object.keys(update.put ?? {}), ...(update.delete ?? []), ...Object.keys(update.increment ?? {})];
  if (columns.length === 0) throw new TableStoreParameterError('updateRow needs at least one column to change');
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) throw new TableStoreParameterError(`column ${column} is changed twice in one update`);
    seen.add(column);
  }
  for (const [column, delta] of Object.entries(update.increment ?? {})) {
    if (!Number.isSafeInteger(delta)) throw new TableStoreParameterError(`INCREMENT of ${column} must be an integer, got ${delta}`);
  }
}

/**
 * A conditional write takes at most 10 column conditions ("You can specify up to 10 column-based conditions for a
 * conditional update", https://alibabacloud.com/help/en/tablestore/developer-reference/configure-conditional-update-by-using-nodejs-sdk).
 * Counted here as single-column conditions, the stricter reading.
 */
export const MAX_COLUMN_CONDITIONS = 10;

export function columnConditionCount(condition: ColumnCondition | undefined): number {
  if (!condition) return 0;
  if ('and' in condition) return condition.and.reduce((n, c) => n + columnConditionCount(c), 0);
  if ('or' in condition) return condition.or.reduce((n, c) => n + columnConditionCount(c), 0);
  if ('not' in condition) return columnConditionCount(condition.not);
  return 1;
}

export function checkCondition(condition: Condition | undefined): void {
  const count = columnConditionCount(condition?.column);
  if (count > MAX_COLUMN_CONDITIONS) {
    throw new TableStoreParameterError(`a conditional write takes at most ${MAX_COLUMN_CONDITIONS} column conditions, got ${count}`);
  }
}
