/**
 * Port values ⇄ tablestore SDK values. The SDK writes a JS number as DOUBLE; INTEGER needs
 * `Long.fromNumber`, and reads come back as Int64 objects.
 */
import {
  MAX,
  MIN,
  type Attributes,
  type CellValue,
  type ColumnCondition,
  type Condition,
  type PrimaryKey,
} from '../ports';
import { TableStoreParameterError, checkCondition } from '../table-store-limits';
import type { SdkColumnCondition, SdkPrimaryKey, SdkRow, SdkValue, TableStoreSdk } from './tablestore-sdk';

export function toSdkPrimaryKey(sdk: TableStoreSdk, key: PrimaryKey): SdkPrimaryKey {
  return key.map(([name, value]) => ({
    [name]: value === MIN ? sdk.INF_MIN : value === MAX ? sdk.INF_MAX : typeof value === 'number' ? sdk.Long.fromNumber(value) : value,
  }));
}

export function toSdkValue(sdk: TableStoreSdk, value: CellValue): SdkValue {
  return typeof value === 'number' && Number.isInteger(value) ? sdk.Long.fromNumber(value) : value;
}

/** `[{ name: value }, …]`. */
export function toSdkColumns(sdk: TableStoreSdk, attributes: Attributes): Array<Record<string, SdkValue>> {
  return Object.entries(attributes).map(([name, value]) => {
    // The SDK reads a column object's `timestamp` property as the cell version (5.4.1 encoder),
    // so a column named "timestamp" would be written wrongly: refuse it rather than corrupt data.
    if (name === 'timestamp') throw new TableStoreParameterError('a column named "timestamp" cannot be written with the tablestore SDK');
    return { [name]: toSdkValue(sdk, value) };
  });
}

export function fromSdkValue(value: SdkValue): CellValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || Buffer.isBuffer(value)) return value;
  if (value && typeof (value as { toNumber?: unknown }).toNumber === 'function') return (value as { toNumber(): number }).toNumber();
  throw new Error(`unexpected value from tablestore: ${String(value)}`);
}

export function fromSdkAttributes(row: SdkRow): Attributes {
  const attributes: Attributes = {};
  for (const column of row.attributes ?? []) attributes[column.columnName] = fromSdkValue(column.columnValue);
  return attributes;
}

export function fromSdkPrimaryKey(key: Array<{ name: string; value: SdkValue }>): PrimaryKey {
  return key.map(({ name, value }) => {
    const v = fromSdkValue(value);
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`unsupported primary key value in column ${name}`);
    return [name, v];
  });
}

export function toSdkCondition(sdk: TableStoreSdk, condition: Condition | undefined): object {
  checkCondition(condition);
  // Always a Condition: the 5.4.1 encoder dereferences it even when the caller passed none.
  return new sdk.Condition(
    sdk.RowExistenceExpectation[condition?.row ?? 'IGNORE'],
    condition?.column ? toSdkColumnCondition(sdk, condition.column) : null,
  );
}

function toSdkColumnCondition(sdk: TableStoreSdk, condition: ColumnCondition): SdkColumnCondition {
  if ('and' in condition) return composite(sdk, sdk.LogicalOperator.AND, condition.and);
  if ('or' in condition) return composite(sdk, sdk.LogicalOperator.OR, condition.or);
  if ('not' in condition) return composite(sdk, sdk.LogicalOperator.NOT, [condition.not]);
  const comparators = {
    '=': sdk.ComparatorType.EQUAL,
    '!=': sdk.ComparatorType.NOT_EQUAL,
    '>': sdk.ComparatorType.GREATER_THAN,
    '>=': sdk.ComparatorType.GREATER_EQUAL,
    '<': sdk.ComparatorType.LESS_THAN,
    '<=': sdk.ComparatorType.LESS_EQUAL,
  };
  return new sdk.SingleColumnCondition(
    condition.column,
    toSdkValue(sdk, condition.value),
    comparators[condition.op],
    condition.passIfMissing ?? true,
    true,
  );
}

function composite(sdk: TableStoreSdk, combinator: number, subs: ColumnCondition[]): SdkColumnCondition {
  if (subs.length === 0) throw new TableStoreParameterError('a composite condition needs at least one sub-condition');
  const c = new sdk.CompositeCondition(combinator);
  for (const sub of subs) c.addSubCondition(toSdkColumnCondition(sdk, sub));
  return c;
}
