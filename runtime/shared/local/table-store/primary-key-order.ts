/** Primary keys in Table Store order: column by column, INF_MIN below and INF_MAX above every value. */
import { MAX, MIN, type KeyValue, type PrimaryKey } from '../../ports';
import { TableStoreParameterError } from '../../table-store-limits';
import { compareUtf8 } from './utf8-order';

export function comparePrimaryKeys(a: PrimaryKey, b: PrimaryKey): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareKeyValues(a[i][1], b[i][1]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareKeyValues(a: KeyValue, b: KeyValue): number {
  if (a === b) return 0;
  if (a === MIN || b === MAX) return -1;
  if (a === MAX || b === MIN) return 1;
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return compareUtf8(a, b);
  // Mixed types: INTEGER sorts before STRING.
  return typeof a === 'number' ? -1 : 1;
}

/** A key naming one row: no sentinels, integer numbers, the table's columns in schema order. */
export function checkRowKey(key: PrimaryKey, schema: string[] | undefined): void {
  checkKeyShape(key, schema);
  for (const [name, value] of key) {
    if (value === MIN || value === MAX) throw new TableStoreParameterError(`primary key ${name} cannot be INF_MIN/INF_MAX for a row`);
  }
}

/** A range bound: sentinels allowed. */
export function checkKeyShape(key: PrimaryKey, schema: string[] | undefined): void {
  if (key.length === 0) throw new TableStoreParameterError('primary key is empty');
  for (const [name, value] of key) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new TableStoreParameterError(`primary key ${name} must be an integer or a string, got ${value}`);
    }
  }
  if (schema && (schema.length !== key.length || schema.some((name, i) => key[i][0] !== name))) {
    throw new TableStoreParameterError(`primary key columns ${key.map((c) => c[0]).join(',')} do not match the table's ${schema.join(',')}`);
  }
}

export function copyKey(key: PrimaryKey): PrimaryKey {
  return key.map(([name, value]) => [name, value]);
}
