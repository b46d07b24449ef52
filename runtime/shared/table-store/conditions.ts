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
