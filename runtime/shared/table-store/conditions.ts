/** Column conditions named for what they check (Table Store's pass_if_missing defaults to true, which these never rely on). */
import type { CellValue, ColumnCondition } from '../ports';

/** Passes only when the column is absent: every string is >= "", so NOT(>= "") fails on any string value. */
export function columnAbsent(column: string): ColumnCondition {
  return { not: { column, op: '>=', value: '', passIfMissing: false } };
}

/** Passes only when the column exists and equals `value` (of the same type). */
export function columnEquals(column: string, value: CellValue): ColumnCondition {
  return { column, op: '=', value, passIfMissing: false };
}

/**
 * The same for a number column: columnAbsent compares with a string, which an INTEGER never equals, so it would pass.
 * Passes only when the column is absent (no INTEGER is below MIN_SAFE_INTEGER in what JS writes).
 */
export function numberAbsent(column: string): ColumnCondition {
  return { not: { column, op: '>=', value: Number.MIN_SAFE_INTEGER, passIfMissing: false } };
}
