/**
 * Table Store stream records as the FC Tablestore trigger delivers them: a CBOR document
 * `{ Version: 'Sync-v1', Records: [{ Type, Info: { Timestamp }, PrimaryKey: [{ ColumnName, Value }],
 * Columns: [{ Type, ColumnName, Value, Timestamp }] }] }` (a console test event may be the same as
 * JSON). https://www.alibabacloud.com/help/en/functioncompute/fc/user-guide/tablestore-triggers
 * Sample: test/fixtures/events/ots-stream-decoded.json (SOURCES.md).
 *
 * Integers arrive as CBOR integers; cbor-x gives any of 8 bytes as a BigInt, so each is turned into
 * a number when it is a safe integer and kept as a BigInt when it is not (a value beyond 2^53 must
 * not lose digits or crash anything). A record that does not have the shape is reported on its own
 * (`problem`), so one poison record does not block the others; a payload that is not a stream
 * document at all is a MalformedEventError.
 */
import { decode } from 'cbor-x/decode-no-eval';
import { isRecord, MalformedEventError } from './malformed-event-error';

export type StreamValue = string | number | bigint | boolean | Buffer;

export interface StreamColumn {
  /** Put; DeleteOneVersion / DeleteAllVersions (no value). */
  type: string;
  name: string;
  value?: StreamValue;
  timestamp?: number | bigint;
}

export interface StreamRecord {
  type: 'PutRow' | 'UpdateRow' | 'DeleteRow';
  /** Microseconds since the epoch, when the row was written. */
  timestamp: number | bigint;
  primaryKey: Array<{ name: string; value: StreamValue }>;
  columns: StreamColumn[];
}

/** A record, or why it is not one (with the record as it came, for the dead-letter table). */
export type StreamEntry = { ok: true; record: StreamRecord } | { ok: false; index: number; problem: string; raw: unknown };

const ROW_TYPES = new Set(['PutRow', 'UpdateRow', 'DeleteRow']);

export function parseStreamEvent(event: Buffer): StreamEntry[] {
  const document = decodeDocument(event);
  if (!isRecord(document)) throw new MalformedEventError('$', 'not a stream document');
  if (!Array.isArray(document.Records)) throw new MalformedEventError('$.Records', 'missing or not an array');
  return document.Records.map((raw, index) => {
    const problem = recordProblem(raw);
    return problem ? { ok: false as const, index, problem, raw } : { ok: true as const, record: toRecord(raw as Record<string, unknown>) };
  });
}

function decodeDocument(event: Buffer): unknown {
  if (event.length === 0) throw new MalformedEventError('$', 'empty payload');
  // A JSON object starts with `{`; as CBOR that byte (0x7b) would be a 27-byte text string, never a stream document.
  if (event[0] === 0x7b) {
    try {
      return JSON.parse(event.toString('utf8'));
    } catch (err) {
      throw new MalformedEventError('$', `not JSON (${(err as Error).message})`);
    }
  }
  try {
    return decode(event);
  } catch (err) {
    throw new MalformedEventError('$', `not CBOR (${(err as Error).message})`);
  }
}

function recordProblem(raw: unknown): string | undefined {
  if (!isRecord(raw)) return 'not an object';
  if (typeof raw.Type !== 'string' || !ROW_TYPES.has(raw.Type)) {
    return `Type ${JSON.stringify(String(raw.Type))} is not PutRow, UpdateRow or DeleteRow`;
  }
  if (!Array.isArray(raw.PrimaryKey) || raw.PrimaryKey.length === 0) return 'PrimaryKey missing or empty';
  for (const [i, cell] of raw.PrimaryKey.entries()) {
    if (!isRecord(cell) || typeof cell.ColumnName !== 'string' || !isValue(cell.Value)) return `PrimaryKey[${i}] is not a named value`;
  }
  if (raw.Columns !== undefined && !Array.isArray(raw.Columns)) return 'Columns is not an array';
  for (const [i, column] of ((raw.Columns as unknown[]) ?? []).entries()) {
    if (!isRecord(column) || typeof column.ColumnName !== 'string' || typeof column.Type !== 'string') return `Columns[${i}] is not a column`;
    if (column.Type === 'Put' && !isValue(column.Value)) return `Columns[${i}] (${column.ColumnName}) has no value`;
  }
  return undefined;
}

function isValue(value: unknown): boolean {
  return ['string', 'number', 'bigint', 'boolean'].includes(typeof value) || Buffer.isBuffer(value) || value instanceof Uint8Array;
}

function toRecord(raw: Record<string, unknown>): StreamRecord {
  const info = isRecord(raw.Info) ? raw.Info : {};
  return {
    type: raw.Type as StreamRecord['type'],
    timestamp: toInteger(info.Timestamp) ?? 0,
    primaryKey: (raw.PrimaryKey as Array<Record<string, unknown>>).map((c) => ({ name: c.ColumnName as string, value: toValue(c.Value) })),
    columns: ((raw.Columns as Array<Record<string, unknown>>) ?? []).map((c) => ({
      type: c.Type as string,
      name: c.ColumnName as string,
      ...(c.Value === undefined ? {} : { value: toValue(c.Value) }),
      ...(toInteger(c.Timestamp) === undefined ? {} : { timestamp: toInteger(c.Timestamp) }),
    })),
  };
}

function toValue(value: unknown): StreamValue {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : value;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  return value as StreamValue;
}

function toInteger(value: unknown): number | bigint | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return toValue(value) as number | bigint;
  return undefined;
}
