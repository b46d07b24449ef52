/**
 * The wire client against the SDK, responses: answers built with the SDK's own PlainBuffer writer and compiled
 * protobuf encoders, decoded by OtsWireClient to the expected values, and to what the SDK adapter
 * (test/support/sdk-table-store.ts) makes of the same bytes. Error answers become OtsError.
 */
import { useTableStoreLoopback } from './tablestore-loopback';
import { OtsError } from '../../../../runtime/shared/cloud/ots-wire/client';
import { MAX, MIN, type PrimaryKey } from '../../../../runtime/shared/ports';
import { consumed, Long, ok, pb, sdkStore, TableStore, wireClient } from './ots-wire-oracle';

const ots = useTableStoreLoopback();

/** One row as Table Store writes it, by the SDK's serializer (cells may carry a `timestamp` version). */
const rowBytes = (pk: object[], columns: object[]): Buffer => TableStore.PlainBufferBuilder.serializeForPutRow(pk, columns) as Buffer;
/** Several rows in one buffer: one header, then the rows (decoder.js readRows). */
const rowsBytes = (...rows: Buffer[]): Buffer => Buffer.concat([rows[0], ...rows.slice(1).map((r) => r.subarray(4))]);

const VERSION = 1_700_000_000_123;
const STORED = [
  { s: 'text' },
  { u: 'ünïcödé ✓ 🚀', timestamp: VERSION },
  { i: Long.fromNumber(42), timestamp: VERSION },
  { neg: Long.fromNumber(-123456789012) },
  { d: 0.5 },
  { b: true },
  { f: false },
  { bin: Buffer.from([0, 255]) },
];
const EXPECTED = { s: 'text', u: 'ünïcödé ✓ 🚀', i: 42, neg: -123456789012, d: 0.5, b: true, f: false, bin: Buffer.from([0, 255]) };

describe('responses decoded as the SDK decodes them', () => {
  it('getRow: every value type, cells with versions; the SDK adapter reads the same', async () => {
    ots.routes = { '/GetRow': () => ok('GetRowResponse', { consumed, row: rowBytes([{ pk: 'a' }, { seq: Long.fromNumber(7) }], STORED) }) };
    expect(
      await wireClient(ots).getRow('t', [
        ['pk', 'a'],
        ['seq', 7],
      ]),
    ).toEqual(EXPECTED);
    expect(
      await sdkStore(ots).getRow('t', [
        ['pk', 'a'],
        ['seq', 7],
      ] as PrimaryKey),
    ).toEqual(EXPECTED);
  });

  it('getRow: a row with only its key is {}, an empty row is undefined', async () => {
    ots.routes = { '/GetRow': () => ok('GetRowResponse', { consumed, row: rowBytes([{ pk: 'a' }], []) }) };
    expect(await wireClient(ots).getRow('t', [['pk', 'a']])).toEqual({});
    ots.routes = { '/GetRow': () => ok('GetRowResponse', { consumed, row: Buffer.alloc(0) }) };
    expect(await wireClient(ots).getRow('t', [['pk', 'a']])).toBeUndefined();
  });

  it('updateRow: the ReturnContent columns after the change, {} without a row', async () => {
    ots.routes = {
      '/UpdateRow': () => ok('UpdateRowResponse', { consumed, row: rowBytes([{ pk: 'a' }], [{ done: Long.fromNumber(3), timestamp: VERSION }]) }),
    };
    expect(await wireClient(ots).updateRow('t', [['pk', 'a']], { increment: { done: 1 } }, undefined, ['done'])).toEqual({ done: 3 });
    ots.routes = { '/UpdateRow': () => ok('UpdateRowResponse', { consumed }) };
    expect(await wireClient(ots).updateRow('t', [['pk', 'a']], { put: { v: 1 } })).toEqual({});
  });

  it('getRange: several rows with string and integer keys, and the next start key', async () => {
    const rows = rowsBytes(
      rowBytes([{ pk: 'a' }, { seq: Long.fromNumber(1) }], STORED),
      rowBytes([{ pk: 'a' }, { seq: Long.fromNumber(-2) }], [{ n: Long.fromNumber(9), timestamp: VERSION }]),
      rowBytes([{ pk: 'b' }, { seq: Long.fromNumber(3) }], []),
    );
    const next = TableStore.PlainBufferBuilder.serializePrimaryKey([{ pk: 'c' }, { seq: Long.fromNumber(4) }]) as Buffer;
    ots.routes = { '/GetRange': () => ok('GetRangeResponse', { consumed, rows, nextStartPrimaryKey: next }) };
    const expected = {
      rows: [
        {
          key: [
            ['pk', 'a'],
            ['seq', 1],
          ],
          attributes: EXPECTED,
        },
        {
          key: [
            ['pk', 'a'],
            ['seq', -2],
          ],
          attributes: { n: 9 },
        },
        {
          key: [
            ['pk', 'b'],
            ['seq', 3],
          ],
          attributes: {},
        },
      ],
      next: [
        ['pk', 'c'],
        ['seq', 4],
      ],
    };
    expect(await wireClient(ots).getRange('t', [['pk', MIN]], [['pk', MAX]], { limit: 10 })).toEqual(expected);
    expect(await sdkStore(ots).getRange('t', [['pk', MIN]] as PrimaryKey, [['pk', MAX]] as PrimaryKey, { limit: 10 })).toEqual(expected);
  });

  it('getRange: the last page has no next key', async () => {
    ots.routes = { '/GetRange': () => ok('GetRangeResponse', { consumed, rows: Buffer.alloc(0) }) };
    expect(await wireClient(ots).getRange('t', [['pk', MIN]], [['pk', MAX]])).toEqual({ rows: [], next: undefined });
  });

  it('batchWriteRow: per-row results in request order, across tables as decoder.js flattens them', async () => {
    const answer = ok('BatchWriteRowResponse', {
      tables: [
        {
          tableName: 'jobs',
          rows: [
            { isOk: true, consumed },
            { isOk: false, error: { code: 'OTSConditionCheckFail', message: 'Condition check failed.' } },
            { isOk: false, error: { code: 'OTSRowOperationConflict' } },
            { isOk: true, consumed, row: rowBytes([{ pk: 'd' }], []) },
          ],
        },
      ],
    });
    ots.routes = { '/BatchWriteRow': () => answer };
    const writes = [
      { type: 'PUT' as const, key: [['pk', 'a']] as PrimaryKey, attributes: { n: 1 } },
      { type: 'UPDATE' as const, key: [['pk', 'b']] as PrimaryKey, update: { increment: { n: 2 } }, condition: { row: 'EXPECT_EXIST' as const } },
      { type: 'DELETE' as const, key: [['pk', 'c']] as PrimaryKey },
      { type: 'DELETE' as const, key: [['pk', 'd']] as PrimaryKey },
    ];
    const expected = [
      { ok: true },
      { ok: false, code: 'OTSConditionCheckFail', message: 'Condition check failed.' },
      { ok: false, code: 'OTSRowOperationConflict', message: '' },
      { ok: true },
    ];
    expect(await wireClient(ots).batchWriteRow('jobs', writes)).toEqual(expected);
    expect(await sdkStore(ots).batchWrite('jobs', writes)).toEqual(expected);
  });

  it('a checksum that does not match is refused, as the SDK refuses it', async () => {
    const row = rowBytes([{ pk: 'a' }], [{ n: Long.fromNumber(1) }]);
    row[row.length - 1] ^= 0xff; // the row checksum
    ots.routes = { '/GetRow': () => ok('GetRowResponse', { consumed, row }) };
    await expect(wireClient(ots).getRow('t', [['pk', 'a']])).rejects.toThrow(/checksum/);
    await expect(sdkStore(ots).getRow('t', [['pk', 'a']] as PrimaryKey)).rejects.toThrow(/[Cc]hecksum/);
  });
});

describe('error answers become OtsError', () => {
  const errorBody = (code: string, message?: string) => Buffer.from(pb.Error.encode(pb.Error.create({ code, message })).finish());

  it.each(['PutRow', 'UpdateRow', 'DeleteRow'])('%s: HTTP 403 with OTSConditionCheckFail', async (action) => {
    ots.routes = {
      [`/${action}`]: () => ({
        status: 403,
        headers: { 'x-ots-requestid': 'rid-1' },
        body: errorBody('OTSConditionCheckFail', 'Condition check failed.'),
      }),
    };
    const client = wireClient(ots);
    const key: PrimaryKey = [['pk', 'a']];
    const call =
      action === 'PutRow'
        ? client.putRow('t', key, { v: 1 }, { row: 'EXPECT_NOT_EXIST' })
        : action === 'UpdateRow'
          ? client.updateRow('t', key, { put: { v: 1 } }, { row: 'EXPECT_EXIST' })
          : client.deleteRow('t', key, { row: 'EXPECT_EXIST' });
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OtsError);
    expect(err).toBeInstanceOf(Error);
    expect({ ...(err as OtsError), message: (err as OtsError).message }).toEqual({
      name: 'OtsError',
      code: 'OTSConditionCheckFail',
      message: 'Condition check failed.',
      status: 403,
      requestId: 'rid-1',
    });
  });

  it('HTTP 403 without a body is Forbidden; the request id may come as x-ots-request-id', async () => {
    ots.routes = { '/GetRow': () => ({ status: 403, headers: { 'x-ots-request-id': 'rid-2' } }) };
    await expect(wireClient(ots).getRow('t', [['pk', 'a']])).rejects.toMatchObject({ code: 'Forbidden', status: 403, requestId: 'rid-2' });
  });

  it('HTTP 404 OTSObjectNotExist, HTTP 503 OTSServerBusy, and a body that is no protobuf', async () => {
    ots.routes = { '/GetRange': () => ({ status: 404, body: errorBody('OTSObjectNotExist', 'Requested table does not exist.') }) };
    await expect(wireClient(ots).getRange('t', [['pk', MIN]], [['pk', MAX]])).rejects.toMatchObject({
      code: 'OTSObjectNotExist',
      message: 'Requested table does not exist.',
      status: 404,
    });
    ots.routes = { '/BatchWriteRow': () => ({ status: 503, body: errorBody('OTSServerBusy') }) };
    await expect(wireClient(ots).batchWriteRow('t', [{ type: 'DELETE', key: [['pk', 'a']] }])).rejects.toMatchObject({
      code: 'OTSServerBusy',
      status: 503,
    });
    ots.routes = { '/GetRow': () => ({ status: 502, body: '\xff\xff bad gateway' }) };
    await expect(wireClient(ots).getRow('t', [['pk', 'a']])).rejects.toMatchObject({ code: 'HTTP502', status: 502 });
  });
});
