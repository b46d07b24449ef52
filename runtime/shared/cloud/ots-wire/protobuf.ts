/** Proto2 wire format by hand, for the few Table Store messages the client sends and reads (ots-wire/messages.ts). */
// Field numbers: protocol/tablestore.proto and protocol/tablestore_filter.proto. The compiled
// encoders (tablestore_compiled_proto.js) write fields in field-number order and skip unset
// optionals, which is what the message builders below do, so the bytes are identical.

export function varint(value: number): Buffer {
  // Negative int32s are sign-extended to 10 bytes, as protobufjs's Writer.int32 does.
  let n = value < 0 ? BigInt.asUintN(64, BigInt(value)) : BigInt(value);
  const bytes: number[] = [];
  while (n > 0x7fn) {
    bytes.push(Number(n & 0x7fn) | 0x80);
    n >>= 7n;
  }
  bytes.push(Number(n));
  return Buffer.from(bytes);
}

const key = (field: number, wireType: 0 | 2): Buffer => varint((field << 3) | wireType);
export const pbVarint = (field: number, value: number): Buffer => Buffer.concat([key(field, 0), varint(value)]);
export const pbBool = (field: number, value: boolean): Buffer => pbVarint(field, value ? 1 : 0);
export const pbBytes = (field: number, bytes: Buffer): Buffer => Buffer.concat([key(field, 2), varint(bytes.length), bytes]);
export const pbString = (field: number, value: string): Buffer => pbBytes(field, Buffer.from(value, 'utf8'));
/** A message from its fields in field-number order; `undefined` is an unset optional. */
export const pbMessage = (...fields: Array<Buffer | undefined>): Buffer => Buffer.concat(fields.filter((f): f is Buffer => f !== undefined));

/** A decoded message: field number → values in order (varints as numbers, length-delimited as Buffers). */
export type PbFields = Map<number, Array<number | Buffer>>;

function readVarint(buf: Buffer, pos: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (pos >= buf.length) throw new Error('protobuf: truncated varint');
    const byte = buf[pos++];
    value += (byte & 0x7f) * scale; // multiplication, not <<, so values above 2^31 survive
    if (byte < 0x80) return [value, pos];
    scale *= 128;
  }
}

export function pbDecode(buf: Buffer): PbFields {
  const fields: PbFields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    let value: number | Buffer;
    if (wireType === 0) [value, pos] = readVarint(buf, afterTag);
    else if (wireType === 2) {
      const [length, start] = readVarint(buf, afterTag);
      if (start + length > buf.length) throw new Error('protobuf: truncated field');
      value = buf.subarray(start, start + length);
      pos = start + length;
    } else if (wireType === 1 || wireType === 5) {
      pos = afterTag + (wireType === 1 ? 8 : 4); // fixed64/fixed32: none of our fields, skipped
      continue;
    } else throw new Error(`protobuf: unsupported wire type ${wireType}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

export const pbAll = (fields: PbFields, field: number): Array<number | Buffer> => fields.get(field) ?? [];
export const pbBuf = (fields: PbFields, field: number): Buffer | undefined => {
  const v = pbAll(fields, field).at(-1); // proto2: the last occurrence of a scalar wins
  return Buffer.isBuffer(v) ? v : undefined;
};
export const pbNum = (fields: PbFields, field: number): number | undefined => {
  const v = pbAll(fields, field).at(-1);
  return typeof v === 'number' ? v : undefined;
};
