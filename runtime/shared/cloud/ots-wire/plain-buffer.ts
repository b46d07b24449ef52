/**
 * Table Store's PlainBuffer row format (node_modules/tablestore/lib/protocol/plain_buffer_*.js): rows, primary keys
 * and single values as the SDK writes and reads them, with its CRC-8 checksums.
 */
import { MAX, MIN, type Attributes, type CellValue, type KeyValue, type PrimaryKey, type RowUpdate } from '../../ports';
// protocol/plain_buffer_consts.js
const HEADER = 0x75;
const TAG = {
  ROW_PK: 0x1,
  ROW_DATA: 0x2,
  CELL: 0x3,
  CELL_NAME: 0x4,
  CELL_VALUE: 0x5,
  CELL_TYPE: 0x6,
  CELL_TIMESTAMP: 0x7,
  DELETE_ROW_MARKER: 0x8,
  ROW_CHECKSUM: 0x9,
  CELL_CHECKSUM: 0xa,
} as const;
const OP = { DELETE_ALL_VERSION: 0x1, INCREMENT: 0x4 } as const;
const VT = { INTEGER: 0x0, DOUBLE: 0x1, BOOLEAN: 0x2, STRING: 0x3, BLOB: 0x7, INF_MIN: 0x9, INF_MAX: 0xa } as const;

/** CRC-8, polynomial 0x07: the table of protocol/plain_buffer_crc8.js, computed instead of copied. */
const CRC8_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let bit = 0; bit < 8; bit++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  return c;
});
const crcByte = (crc: number, byte: number): number => CRC8_TABLE[(crc & 0xff) ^ (byte & 0xff)];
const crcBytes = (crc: number, bytes: Uint8Array): number => bytes.reduce(crcByte, crc);

/** A serialized value: its type byte and the bytes after it (what follows the type on the wire). */
export interface Variant {
  type: number;
  payload: Buffer;
}

function int64(value: number): Buffer {
  // The SDK takes integers as Long.fromNumber (int64-buffer Int64LE): 8 bytes little-endian.
  if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer for an INTEGER value: ${value}`);
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt(value));
  return b;
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const b = Buffer.alloc(4 + bytes.length);
  b.writeInt32LE(bytes.length, 0);
  bytes.copy(b, 4);
  return b;
}

/** As tablestore-values.ts toSdkValue: integral numbers are INTEGER, other numbers DOUBLE. */
export function cellVariant(value: CellValue): Variant {
  if (typeof value === 'string') return { type: VT.STRING, payload: lengthPrefixed(Buffer.from(value, 'utf8')) };
  if (typeof value === 'boolean') return { type: VT.BOOLEAN, payload: Buffer.from([value ? 1 : 0]) };
  if (Buffer.isBuffer(value)) return { type: VT.BLOB, payload: lengthPrefixed(value) };
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return { type: VT.INTEGER, payload: int64(value) };
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value); // util.js doubleToRawLongBits
    return { type: VT.DOUBLE, payload: b };
  }
  throw new TypeError(`unsupported cell value: ${String(value)}`);
}

/** As toSdkPrimaryKey: MIN/MAX are INF_MIN/INF_MAX, numbers INTEGER. */
export function keyVariant(value: KeyValue): Variant {
  if (value === MIN) return { type: VT.INF_MIN, payload: Buffer.alloc(0) };
  if (value === MAX) return { type: VT.INF_MAX, payload: Buffer.alloc(0) };
  if (typeof value === 'number') return { type: VT.INTEGER, payload: int64(value) };
  return cellVariant(value);
}

/** A value as SingleColumnValueFilter.column_value carries it: type + payload (PlainBufferBuilder.serializeColumnValue). */
export const serializedValue = (v: Variant): Buffer => Buffer.concat([Buffer.from([v.type]), v.payload]);

export interface CellSpec {
  name: string;
  value?: Variant;
  op?: number;
}

/**
 * One cell (plain_buffer_coded_stream.js writePrimaryKeyColumn / writeColumn / writeUpdateColumn);
 * returns its checksum: CRC over name, type byte, payload, then the op byte.
 * The SDK writes the name's length as `name.length` (UTF-16 units) though it writes UTF-8 bytes;
 * the byte length is used here, which is the same for ASCII names and correct for the others.
 */
function writeCell(out: Buffer[], cell: CellSpec): number {
  const name = Buffer.from(cell.name, 'utf8');
  const head = Buffer.alloc(6);
  head[0] = TAG.CELL;
  head[1] = TAG.CELL_NAME;
  head.writeInt32LE(name.length, 2);
  out.push(head, name);
  let crc = crcBytes(0, name);
  if (cell.value) {
    const valueHead = Buffer.alloc(6);
    valueHead[0] = TAG.CELL_VALUE;
    valueHead.writeInt32LE(1 + cell.value.payload.length, 1);
    valueHead[5] = cell.value.type;
    out.push(valueHead, cell.value.payload);
    crc = crcBytes(crcByte(crc, cell.value.type), cell.value.payload);
  }
  if (cell.op !== undefined) {
    out.push(Buffer.from([TAG.CELL_TYPE, cell.op]));
    crc = crcByte(crc, cell.op);
  }
  out.push(Buffer.from([TAG.CELL_CHECKSUM, crc]));
  return crc;
}

/**
 * A row (plian_buffer_builder.js serializePrimaryKey / serializeForPutRow / serializeForUpdateRow /
 * serializeForDeleteRow): header, primary key, columns when there are any, delete marker, and the row
 * checksum over the cells' checksums and a final 1 (delete) or 0 byte.
 */
export function plainRow(key: PrimaryKey, columns: CellSpec[], deleteMarker = false): Buffer {
  const head = Buffer.alloc(5);
  head.writeInt32LE(HEADER, 0);
  head[4] = TAG.ROW_PK;
  const out: Buffer[] = [head];
  let crc = 0;
  for (const [name, value] of key) crc = crcByte(crc, writeCell(out, { name, value: keyVariant(value) }));
  if (columns.length > 0) {
    out.push(Buffer.from([TAG.ROW_DATA]));
    for (const cell of columns) crc = crcByte(crc, writeCell(out, cell));
  }
  if (deleteMarker) out.push(Buffer.from([TAG.DELETE_ROW_MARKER]));
  crc = crcByte(crc, deleteMarker ? 1 : 0);
  out.push(Buffer.from([TAG.ROW_CHECKSUM, crc]));
  // The SDK sizes its buffer first and sends all of it: computePrimaryKeyValueSize (plian_buffer_builder.js)
  // counts one byte more for INF_MIN/INF_MAX than writePrimaryKeyValue writes, so each such cell leaves a
  // zero byte after the row checksum. Table Store ignores them; they are copied for byte identity.
  const padding = key.filter(([, value]) => value === MIN || value === MAX).length;
  if (padding > 0) out.push(Buffer.alloc(padding));
  return Buffer.concat(out);
}

export const putCells = (attributes: Attributes): CellSpec[] =>
  Object.entries(attributes).map(([name, value]) => ({ name, value: cellVariant(value) }));

/** In the order OtsTableStore.updateColumns hands them to the SDK: PUT, then DELETE_ALL, then INCREMENT. */
export function updateCells(update: RowUpdate): CellSpec[] {
  return [
    ...putCells(update.put ?? {}),
    ...(update.delete ?? []).map((name) => ({ name, op: OP.DELETE_ALL_VERSION })),
    ...Object.entries(update.increment ?? {}).map(([name, delta]) => ({ name, value: cellVariant(delta), op: OP.INCREMENT })),
  ];
}

export interface DecodedRow {
  key: PrimaryKey;
  attributes: Attributes;
}

/** Reads rows as plain_buffer_coded_stream.js PlainBufferCodedInputStream.readRows does, checksums included. */
class PlainReader {
  private pos = 0;
  private tag = 0;

  constructor(private readonly buf: Buffer) {}

  rows(): DecodedRow[] {
    if (this.int32() !== HEADER) throw new Error('PlainBuffer: invalid header');
    this.nextTag();
    const rows: DecodedRow[] = [];
    // Tag 0 is the end (readTag's answer there); trailing zero bytes end the rows too.
    while (this.tag !== 0) rows.push(this.row());
    return rows;
  }

  private row(): DecodedRow {
    const row: DecodedRow = { key: [], attributes: {} };
    let crc = 0;
    if (this.at(TAG.ROW_PK)) {
      this.nextTag();
      while (this.at(TAG.CELL)) {
        const cell = this.cell();
        // As fromSdkPrimaryKey: only string and integer keys are port values.
        if (typeof cell.value !== 'string' && typeof cell.value !== 'number') throw new Error(`unsupported primary key in column ${cell.name}`);
        row.key.push([cell.name, cell.value]);
        crc = crcByte(crc, cell.crc);
      }
    }
    if (this.at(TAG.ROW_DATA)) {
      this.nextTag();
      while (this.at(TAG.CELL)) {
        const cell = this.cell();
        // Several versions of a column: the last one read wins, as in fromSdkAttributes.
        if (cell.value !== undefined) row.attributes[cell.name] = cell.value;
        crc = crcByte(crc, cell.crc);
      }
    }
    const deleted = this.at(TAG.DELETE_ROW_MARKER);
    if (deleted) this.nextTag();
    crc = crcByte(crc, deleted ? 1 : 0);
    if (!this.at(TAG.ROW_CHECKSUM)) throw new Error(`PlainBuffer: expected the row checksum, got tag ${this.tag}`);
    if (this.byte() !== crc) throw new Error('PlainBuffer: row checksum mismatch');
    this.nextTag();
    return row;
  }

  private cell(): { name: string; value?: CellValue; crc: number } {
    this.expect(TAG.CELL_NAME);
    const nameBytes = this.bytes(this.int32());
    let crc = crcBytes(0, nameBytes);
    let value: CellValue | undefined;
    this.nextTag();
    if (this.at(TAG.CELL_VALUE)) {
      this.int32(); // total length; each type knows its own
      const type = this.byte();
      const payload = this.bytes(type === VT.STRING || type === VT.BLOB ? 4 + this.buf.readInt32LE(this.pos) : type === VT.BOOLEAN ? 1 : 8);
      crc = crcBytes(crcByte(crc, type), payload);
      value = readVariant(type, payload);
      this.nextTag();
    }
    let op: number | undefined;
    if (this.at(TAG.CELL_TYPE)) {
      op = this.byte();
      this.nextTag();
    }
    if (this.at(TAG.CELL_TIMESTAMP)) {
      crc = crcBytes(crc, this.bytes(8)); // the SDK reads the version and checks it in the checksum
      this.nextTag();
    }
    if (op !== undefined) crc = crcByte(crc, op);
    if (!this.at(TAG.CELL_CHECKSUM)) throw new Error(`PlainBuffer: expected a cell checksum, got tag ${this.tag}`);
    if (this.byte() !== crc) throw new Error('PlainBuffer: cell checksum mismatch');
    this.nextTag();
    return { name: nameBytes.toString('utf8'), value, crc };
  }

  private expect(tag: number): void {
    this.nextTag();
    if (!this.at(tag)) throw new Error(`PlainBuffer: expected tag ${tag}, got ${this.tag}`);
  }

  /** A method, not `this.tag === …` inline, so TypeScript does not keep a narrowing across nextTag(). */
  private at(tag: number): boolean {
    return this.tag === tag;
  }

  /** The SDK's readTag: 0 at the end of the buffer. */
  private nextTag(): void {
    this.tag = this.pos < this.buf.length ? this.byte() : 0;
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new Error('PlainBuffer: unexpected end');
    return this.buf[this.pos++];
  }

  private int32(): number {
    return this.bytes(4).readInt32LE(0);
  }

  private bytes(n: number): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) throw new Error('PlainBuffer: unexpected end');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

/** Values as fromSdkValue returns them: INTEGER through Int64LE.toNumber, so beyond 2^53 it is approximate. */
export function readVariant(type: number, payload: Buffer): CellValue {
  switch (type) {
    case VT.INTEGER:
      return Number(payload.readBigInt64LE(0));
    case VT.DOUBLE:
      return payload.readDoubleLE(0);
    case VT.BOOLEAN:
      return payload[0] !== 0;
    case VT.STRING:
      return payload.subarray(4).toString('utf8');
    case VT.BLOB:
      return Buffer.from(payload.subarray(4));
    default:
      throw new Error(`PlainBuffer: unsupported value type ${type}`);
  }
}

export const readPlainRows = (buf: Buffer): DecodedRow[] => new PlainReader(buf).rows();
