/** Table Store request and response bodies (node_modules/tablestore/lib/protocol/encoder.js, decoder.js), conditions included. */
import type { Attributes, BatchWrite, ColumnCondition, Condition, PrimaryKey, RowUpdate } from '../../ports';
import { cellVariant, plainRow, putCells, readPlainRows, serializedValue, updateCells, type DecodedRow } from './plain-buffer';
import { pbAll, pbBool, pbBuf, pbBytes, pbDecode, pbMessage, pbNum, pbString, pbVarint } from './protobuf';

const ROW_EXISTENCE = { IGNORE: 0, EXPECT_EXIST: 1, EXPECT_NOT_EXIST: 2 } as const;
const COMPARATORS = { '=': 1, '!=': 2, '>': 3, '>=': 4, '<': 5, '<=': 6 } as const;
const FILTER_TYPE = { SINGLE_COLUMN_VALUE: 1, COMPOSITE_COLUMN_VALUE: 2 } as const;
const LOGICAL = { NOT: 1, AND: 2, OR: 3 } as const;

/** Filter{type, filter}; the inner filter is a serialized Single/CompositeColumnValueFilter. */
function filterMessage(condition: ColumnCondition): Buffer {
  if ('and' in condition) return compositeFilter(LOGICAL.AND, condition.and);
  if ('or' in condition) return compositeFilter(LOGICAL.OR, condition.or);
  if ('not' in condition) return compositeFilter(LOGICAL.NOT, [condition.not]);
  const single = pbMessage(
    pbVarint(1, COMPARATORS[condition.op]),
    pbString(2, condition.column),
    pbBytes(3, serializedValue(cellVariant(condition.value))),
    // toSdkColumnCondition: passIfMissing defaults to true; encoder.js sends filter_if_missing = !passIfMissing.
    pbBool(4, !(condition.passIfMissing ?? true)),
    pbBool(5, true), // latest_version_only, as toSdkColumnCondition sets it
  );
  return pbMessage(pbVarint(1, FILTER_TYPE.SINGLE_COLUMN_VALUE), pbBytes(2, single));
}

function compositeFilter(combinator: number, subs: ColumnCondition[]): Buffer {
  const composite = pbMessage(pbVarint(1, combinator), ...subs.map((sub) => pbBytes(2, filterMessage(sub))));
  return pbMessage(pbVarint(1, FILTER_TYPE.COMPOSITE_COLUMN_VALUE), pbBytes(2, composite));
}

/** Condition{row_existence, column_condition}: always sent, IGNORE when absent (toSdkCondition). */
function conditionMessage(condition: Condition | undefined): Buffer {
  return pbMessage(
    pbVarint(1, ROW_EXISTENCE[condition?.row ?? 'IGNORE']),
    condition?.column ? pbBytes(2, filterMessage(condition.column)) : undefined,
  );
}

const RT_AFTER_MODIFY = 2;
const BATCH_TYPE = { PUT: 1, UPDATE: 2, DELETE: 3 } as const;

export const encode = {
  getRow: (table: string, key: PrimaryKey): Buffer => pbMessage(pbString(1, table), pbBytes(2, plainRow(key, [])), pbVarint(5, 1)),

  putRow: (table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Buffer =>
    pbMessage(pbString(1, table), pbBytes(2, plainRow(key, putCells(attributes))), pbBytes(3, conditionMessage(condition))),

  updateRow: (table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition, returnColumns: string[] = []): Buffer =>
    pbMessage(
      pbString(1, table),
      pbBytes(2, plainRow(key, updateCells(update))),
      pbBytes(3, conditionMessage(condition)),
      returnColumns.length > 0 ? pbBytes(4, pbMessage(pbVarint(1, RT_AFTER_MODIFY), ...returnColumns.map((c) => pbString(2, c)))) : undefined,
    ),

  deleteRow: (table: string, key: PrimaryKey, condition?: Condition): Buffer =>
    pbMessage(pbString(1, table), pbBytes(2, plainRow(key, [], true)), pbBytes(3, conditionMessage(condition))),

  getRange: (table: string, start: PrimaryKey, end: PrimaryKey, options: GetRangeOptions): Buffer =>
    pbMessage(
      pbString(1, table),
      pbVarint(2, options.direction === 'BACKWARD' ? 1 : 0), // required: written even when FORWARD (0)
      pbVarint(5, 1), // max_versions
      options.limit ? pbVarint(6, options.limit) : undefined, // encoder.js: `if (params.limit)`
      pbBytes(7, plainRow(start, [])),
      pbBytes(8, plainRow(end, [])),
    ),

  batchWriteRow: (table: string, writes: BatchWrite[]): Buffer =>
    pbMessage(pbBytes(1, pbMessage(pbString(1, table), ...writes.map((w) => pbBytes(2, batchRow(w)))))),
};

function batchRow(write: BatchWrite): Buffer {
  const change =
    write.type === 'PUT'
      ? plainRow(write.key, putCells(write.attributes))
      : write.type === 'UPDATE'
        ? plainRow(write.key, updateCells(write.update))
        : plainRow(write.key, [], true);
  return pbMessage(pbVarint(1, BATCH_TYPE[write.type]), pbBytes(2, change), pbBytes(3, conditionMessage(write.condition)));
}

export type BatchRowResult = { ok: true } | { ok: false; code: string; message: string };

export const decode = {
  /** GetRowResponse.row (2): empty when the row does not exist. */
  getRow(body: Buffer): Attributes | undefined {
    const row = pbBuf(pbDecode(body), 2);
    const [first] = row && row.length > 0 ? readPlainRows(row) : [];
    return first && first.key.length > 0 ? first.attributes : undefined;
  },

  /** UpdateRowResponse.row (2): the ReturnContent columns, absent without one. */
  updateRow(body: Buffer): Attributes {
    const row = pbBuf(pbDecode(body), 2);
    return row && row.length > 0 ? (readPlainRows(row)[0]?.attributes ?? {}) : {};
  },

  /** GetRangeResponse.rows (2), next_start_primary_key (3). */
  getRange(body: Buffer): RangeResult {
    const fields = pbDecode(body);
    const rows = pbBuf(fields, 2);
    const next = pbBuf(fields, 3);
    return {
      rows: rows && rows.length > 0 ? readPlainRows(rows) : [],
      next: next && next.length > 0 ? readPlainRows(next)[0]?.key : undefined,
    };
  },

  /** BatchWriteRowResponse.tables (1) → rows (2) → {is_ok 1, error 2}, flattened in order as decoder.js does. */
  batchWriteRow(body: Buffer): BatchRowResult[] {
    return pbAll(pbDecode(body), 1).flatMap((table) =>
      pbAll(pbDecode(table as Buffer), 2).map((rowBytes): BatchRowResult => {
        const row = pbDecode(rowBytes as Buffer);
        if (pbNum(row, 1)) return { ok: true };
        const error = decode.error(pbBuf(row, 2) ?? Buffer.alloc(0));
        return { ok: false, code: error.code ?? 'Unknown', message: error.message ?? '' };
      }),
    );
  },

  /** Error{code 1, message 2}. */
  error(body: Buffer): { code?: string; message?: string } {
    const fields = pbDecode(body);
    return { code: pbBuf(fields, 1)?.toString('utf8'), message: pbBuf(fields, 2)?.toString('utf8') };
  },
};

export interface RangeResult {
  rows: DecodedRow[];
  /** Where the next page starts; undefined when the range is exhausted. */
  next?: PrimaryKey;
}

export interface GetRangeOptions {
  direction?: 'FORWARD' | 'BACKWARD';
  limit?: number;
}
