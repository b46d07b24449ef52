/** tablestore SDK values as port values: what the search engine's query answers hold (Int64 objects for INTEGER). */
import type { Attributes, CellValue } from '../ports';
import type { SdkRow, SdkValue } from './tablestore-sdk';

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
