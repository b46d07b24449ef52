/**
 * Reads Table Store's PlainBuffer row encoding (the bytes inside the protobuf messages), written
 * for the tests from the SDK's constants: the SDK's own reader does not understand cell-type
 * tags such as INCREMENT, which is exactly what these tests need to see.
 */
export type PlainValue =
  | { type: 'INTEGER'; value: bigint }
  | { type: 'DOUBLE'; value: number }
  | { type: 'BOOLEAN'; value: boolean }
  | { type: 'STRING'; value: string }
  | { type: 'BLOB'; value: Buffer }
  | { type: 'INF_MIN' }
  | { type: 'INF_MAX' };

export interface PlainCell {
  name: string;
  value?: PlainValue;
  /** INCREMENT, DELETE_ALL_VERSION, DELETE_ONE_VERSION, or undefined for a put. */
  op?: string;
}

export interface PlainRow {
  primaryKey: PlainCell[];
  columns: PlainCell[];
  deleteMarker: boolean;
}

const OPS: Record<number, string> = { 1: 'DELETE_ALL_VERSION', 3: 'DELETE_ONE_VERSION', 4: 'INCREMENT' };

export function readPlainRow(buf: Buffer): PlainRow {
  let pos = 0;
  if (buf.readInt32LE(0) !== 0x75) throw new Error('not a PlainBuffer');
  pos = 4;
  const row: PlainRow = { primaryKey: [], columns: [], deleteMarker: false };
  let section: PlainCell[] | undefined;
  while (pos < buf.length) {
    const tag = buf[pos++];
    if (tag === 0x1) section = row.primaryKey;
    else if (tag === 0x2) section = row.columns;
    else if (tag === 0x8) row.deleteMarker = true;
    else if (tag === 0x9) break; // row checksum ends the row (the SDK may pad the buffer after it)
    else if (tag === 0x3) {
      const cell: PlainCell = { name: '' };
      while (pos < buf.length) {
        const t = buf[pos++];
        if (t === 0x4) {
          const len = buf.readInt32LE(pos);
          cell.name = buf.subarray(pos + 4, pos + 4 + len).toString('utf8');
          pos += 4 + len;
        } else if (t === 0x5) {
          const len = buf.readInt32LE(pos);
          cell.value = readValue(buf.subarray(pos + 4, pos + 4 + len));
          pos += 4 + len;
        } else if (t === 0x6) cell.op = OPS[buf[pos++]];
        else if (t === 0x7) pos += 8;
        else if (t === 0xa) {
          pos++;
          break;
        } else throw new Error(`unexpected tag ${t} in cell`);
      }
      section!.push(cell);
    } else throw new Error(`unexpected tag ${tag}`);
  }
  return row;
}

/** A serialized single value (as in SingleColumnValueFilter.column_value): type byte + payload. */
export function readValue(v: Buffer): PlainValue {
  switch (v[0]) {
    case 0x0:
      return { type: 'INTEGER', value: v.readBigInt64LE(1) };
    case 0x1:
      return { type: 'DOUBLE', value: v.readDoubleLE(1) };
    case 0x2:
      return { type: 'BOOLEAN', value: v[1] === 1 };
    case 0x3:
      return { type: 'STRING', value: v.subarray(5, 5 + v.readInt32LE(1)).toString('utf8') };
    case 0x7:
      return { type: 'BLOB', value: Buffer.from(v.subarray(5, 5 + v.readInt32LE(1))) };
    case 0x9:
      return { type: 'INF_MIN' };
    case 0xa:
      return { type: 'INF_MAX' };
    default:
      throw new Error(`unknown value type ${v[0]}`);
  }
}
