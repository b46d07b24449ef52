/** Table Store column conditions evaluated against one row's attributes. */
import type { ColumnCondition } from '../../ports';
import { TableStoreParameterError } from '../../table-store-limits';
import { compareCells, toCell, type Cell } from './cells';

export function columnConditionHolds(condition: ColumnCondition, row: Map<string, Cell>): boolean {
  if ('and' in condition) {
    nonEmpty(condition.and, 'and');
    return condition.and.every((c) => columnConditionHolds(c, row));
  }
  if ('or' in condition) {
    nonEmpty(condition.or, 'or');
    return condition.or.some((c) => columnConditionHolds(c, row));
  }
  if ('not' in condition) return !columnConditionHolds(condition.not, row);

  const actual = row.get(condition.column);
  // pass_if_missing defaults to true in Table Store (and in its SDK's SingleColumnCondition).
  if (actual === undefined) return condition.passIfMissing ?? true;
  const order = compareCells(actual, toCell(condition.value));
  // A value of another type never satisfies the comparison (INTEGER 1 vs DOUBLE 1.5, "1" vs 1).
  if (order === undefined) return false;
  switch (condition.op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

function nonEmpty(conditions: ColumnCondition[], combinator: string): void {
  if (conditions.length === 0) throw new TableStoreParameterError(`${combinator} needs at least one sub-condition`);
}
