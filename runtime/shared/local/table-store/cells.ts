/**
 * Attribute values with their Table Store type kept explicit: the port's plain `number` is
 * INTEGER when integral and DOUBLE otherwise, and the two never compare equal or increment alike.
 */
import type { CellValue } from '../../ports';
import { compareUtf8 } from './utf8-order';
import { TableStoreParameterError } from '../../table-store-limits';

export type Cell =
  | { type: 'INTEGER'; value: number }
  | { type: 'DOUBLE'; value: number }
  | { type: 'STRING'; value: string }
  | { type: 'BOOLEAN'; value: boolean }
  | { type: 'BINARY'; value: Buffer };

/** Copies in: a caller mutating its Buffer afterwards does not change the stored row. */
export function toCell(value: CellValue): Cell {
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'INTEGER', value } : { type: 'DOUBLE', value };
  if (typeof value === 'string') return { type: 'STRING', value };
  if (typeof value === 'boolean') return { type: 'BOOLEAN', value };
  if (Buffer.isBuffer(value)) return { type: 'BINARY', value: Buffer.from(value) };
  throw new TableStoreParameterError(`unsupported attribute value ${String(value)}`);
}

/** Copies out. */
export function fromCell(cell: Cell): CellValue {
  return cell.type === 'BINARY' ? Buffer.from(cell.value) : cell.value;
}

/** Ordering of two cells of the same type; undefined when the types differ. */
export function compareCells(a: Cell, b: Cell): number | undefined {
  if (a.type !== b.type) return undefined;
  switch (a.type) {
    case 'INTEGER':
    case 'DOUBLE':
      return Math.sign(a.value - (b.value as number));
    case 'BOOLEAN':
      return Number(a.value) - Number(b.value);
    case 'STRING':
      // Table Store orders strings by their UTF-8 bytes, which differs from JS UTF-16 order.
      return compareUtf8(a.value, b.value as string);
    case 'BINARY':
      return Buffer.compare(a.value, b.value as Buffer);
  }
}
