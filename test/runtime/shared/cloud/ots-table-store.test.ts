/**
 * OtsTableStore (our wire client) against a loopback server: requests are decoded with the tablestore SDK's own
 * protobuf definitions, responses are real messages encoded with them.
 */
import { OtsTableStore } from '../../../../runtime/shared/cloud/ots-table-store';
import { ConditionFailedError, MAX, MIN } from '../../../../runtime/shared/ports';
import { TEST_CONTEXT, type CannedResponse, type CapturedRequest } from './loopback-server';
import { readPlainRow, readValue } from './plain-buffer-reader';

import { protos, TableStore, useTableStoreLoopback } from './tablestore-loopback';
const pb = protos.main.proto;
const filterPb = protos.filter.proto;
const Long = TableStore.Long;

const consumed = { capacityUnit: { read: 1, write: 1 } };
const ok = (message: string, body: object): CannedResponse => ({ body: Buffer.from(pb[message].encode(pb[message].create(body)).finish()) });
const rowBytes = (pk: object[], columns: object[]) => TableStore.PlainBufferBuilder.serializeForPutRow(pk, columns) as Buffer;

const ots = useTableStoreLoopback();

const store = () => OtsTableStore.fromContext(TEST_CONTEXT, { endpoint: ots.server.url, instanceName: 'inst' });
const decode = (message: string, req: CapturedRequest) => pb[message].decode(req.body);

function decodeColumnCondition(bytes: Buffer): unknown {
  const filter = filterPb.Filter.decode(bytes);
  return decodeFilter(filter);
}

function decodeFilter(filter: { type: number; filter: Buffer }): unknown {
  if (filter.type === filterPb.FilterType.FT_SINGLE_COLUMN_VALUE) {
    const single = filterPb.SingleColumnValueFilter.decode(filter.filter);
    return {
      comparator: filterPb.ComparatorType[single.comparator],
      column: single.columnName,
      value: readValue(Buffer.from(single.columnValue)),
      filterIfMissing: single.filterIfMissing,
    };
  }
  const composite = filterPb.CompositeColumnValueFilter.decode(filter.filter);
  return { combinator: filterPb.LogicalOperator[composite.combinator], subs: composite.subFilters.map(decodeFilter) };
}

describe('OtsTableStore requests as the tablestore SDK sends them', () => {
  it('putRow: Long integers, doubles, row existence and nested column conditions', async () => {
    ots.routes = { '/PutRow': () => ok('PutRowResponse', { consumed }) };
    await store().putRow('jobs', [['pk', 'a'], ['seq', 7]], { i: 3, d: 2.5, s: 'x', b: true }, {
      row: 'EXPECT_NOT_EXIST',
      column: {
        and: [
          { column: 'i', op: '>=', value: 5 },
          { not: { column: 's', op: '!=', value: 'y', passIfMissing: false } },
        ],
      },
    });
    const [req] = ots.server.requests;
    expect(req.headers['x-ots-instancename']).toBe('inst');
    expect(req.headers['x-ots-ststoken']).toBe('sts-token-value');
    const body = decode('PutRowRequest', req);
    expect(body.tableName).toBe('jobs');
    expect(pb.RowExistenceExpectation[body.condition.rowExistence]).toBe('EXPECT_NOT_EXIST');
    expect(decodeColumnCondition(body.condition.columnCondition)).toEqual({
      combinator: 'LO_AND',
      subs: [
        { comparator: 'CT_GREATER_EQUAL', column: 'i', value: { type: 'INTEGER', value: 5n }, filterIfMissing: false },
        {
          combinator: 'LO_NOT',
          subs: [{ comparator: 'CT_NOT_EQUAL', column: 's', value: { type: 'STRING', value: 'y' }, filterIfMissing: true }],
        },
      ],
    });
    expect(readPlainRow(Buffer.from(body.row))).toEqual({
      primaryKey: [
        { name: 'pk', value: { type: 'STRING', value: 'a' } },
        { name: 'seq', value: { type: 'INTEGER', value: 7n } },
      ],
      columns: [
        { name: 'i', value: { type: 'INTEGER', value: 3n } },
        { name: 'd', value: { type: 'DOUBLE', value: 2.5 } },
        { name: 's', value: { type: 'STRING', value: 'x' } },
        { name: 'b', value: { type: 'BOOLEAN', value: true } },
      ],
      deleteMarker: false,
    });
  });

  it('putRow without a condition still sends IGNORE (the SDK needs one)', async () => {
    ots.routes = { '/PutRow': () => ok('PutRowResponse', { consumed }) };
    await store().putRow('jobs', [['pk', 'a']], { v: 1 });
    expect(decode('PutRowRequest', ots.server.requests[0]).condition.rowExistence).toBe(pb.RowExistenceExpectation.IGNORE);
  });

  it('updateRow: INCREMENT with AfterModify, merged over a fresh read into the full row', async () => {
    ots.routes = {
      '/UpdateRow': () => ok('UpdateRowResponse', { consumed, row: rowBytes([{ pk: 'a' }], [{ done: Long.fromNumber(3) }]) }),
      // Read after the write: a concurrent writer already moved `done` on; the update's own value wins.
      '/GetRow': () =>
        ok('GetRowResponse', { consumed, row: rowBytes([{ pk: 'a' }], [{ done: Long.fromNumber(4) }, { other: 'keep' }, { state: 'old' }]) }),
    };
    const result = await store().updateRow('jobs', [['pk', 'a']], { increment: { done: 1 }, put: { state: 'running' }, delete: ['tmp'] }, {
      row: 'EXPECT_EXIST',
    });
    expect(result).toEqual({ done: 3, other: 'keep', state: 'running' });
    const body = decode('UpdateRowRequest', ots.server.requests[0]);
    expect(pb.RowExistenceExpectation[body.condition.rowExistence]).toBe('EXPECT_EXIST');
    expect(pb.ReturnType[body.returnContent.returnType]).toBe('RT_AFTER_MODIFY');
    expect(body.returnContent.returnColumnNames).toEqual(['done']);
    expect(readPlainRow(Buffer.from(body.rowChange)).columns).toEqual([
      { name: 'state', value: { type: 'STRING', value: 'running' } },
      { name: 'tmp', op: 'DELETE_ALL_VERSION' },
      { name: 'done', value: { type: 'INTEGER', value: 1n }, op: 'INCREMENT' },
    ]);
  });

  it('updateRow with returnRow false: one UpdateRow, no read back, the incremented columns as the write returned them', async () => {
    ots.routes = { '/UpdateRow': () => ok('UpdateRowResponse', { consumed, row: rowBytes([{ pk: 'a' }], [{ done: Long.fromNumber(3) }]) }) };
    const result = await store().updateRow('jobs', [['pk', 'a']], { increment: { done: 1 }, put: { state: 'running' } }, undefined, {
      returnRow: false,
    });
    expect(result).toEqual({ done: 3 });
    expect(ots.server.requests.map((req) => req.url)).toEqual(['/UpdateRow']);
    expect(decode('UpdateRowRequest', ots.server.requests[0]).returnContent.returnColumnNames).toEqual(['done']);
  });

  it('maps OTSConditionCheckFail (HTTP 403 with a protobuf Error) to ConditionFailedError', async () => {
    const error = Buffer.from(pb.Error.encode(pb.Error.create({ code: 'OTSConditionCheckFail', message: 'Condition check failed.' })).finish());
    ots.routes = { '/UpdateRow': () => ({ status: 403, body: error }), '/DeleteRow': () => ({ status: 403, body: error }) };
    await expect(store().updateRow('jobs', [['pk', 'a']], { put: { v: 1 } }, { row: 'EXPECT_EXIST' })).rejects.toBeInstanceOf(
      ConditionFailedError,
    );
    await expect(store().deleteRow('jobs', [['pk', 'a']], { row: 'EXPECT_EXIST' })).rejects.toBeInstanceOf(ConditionFailedError);
  });

  it('other errors pass through unchanged', async () => {
    const error = Buffer.from(pb.Error.encode(pb.Error.create({ code: 'OTSObjectNotExist', message: 'table not exist' })).finish());
    ots.routes = { '/PutRow': () => ({ status: 404, body: error }) };
    await expect(store().putRow('jobs', [['pk', 'a']], {})).rejects.not.toBeInstanceOf(ConditionFailedError);
  });

  it('getRow: Long → number, an empty row → undefined', async () => {
    ots.routes = { '/GetRow': () => ok('GetRowResponse', { consumed, row: rowBytes([{ pk: 'a' }], [{ n: Long.fromNumber(42) }, { d: 0.5 }]) }) };
    expect(await store().getRow('jobs', [['pk', 'a']])).toEqual({ n: 42, d: 0.5 });
    ots.routes = { '/GetRow': () => ok('GetRowResponse', { consumed, row: Buffer.alloc(0) }) };
    expect(await store().getRow('jobs', [['pk', 'b']])).toBeUndefined();
  });

  it('getRange sends INF_MIN/INF_MAX bounds and the capped limit', async () => {
    ots.routes = { '/GetRange': () => ok('GetRangeResponse', { consumed, rows: Buffer.alloc(0) }) };
    const page = await store().getRange('jobs', [['pk', 'a'], ['seq', MIN]], [['pk', 'a'], ['seq', MAX]], { limit: 9999 });
    expect(page).toEqual({ rows: [], next: undefined });
    const body = decode('GetRangeRequest', ots.server.requests[0]);
    expect(body.limit).toBe(5000);
    expect(readPlainRow(Buffer.from(body.inclusiveStartPrimaryKey)).primaryKey[1].value).toEqual({ type: 'INF_MIN' });
    expect(readPlainRow(Buffer.from(body.exclusiveEndPrimaryKey)).primaryKey[1].value).toEqual({ type: 'INF_MAX' });
  });

  it('batchWrite: per-row failures inside a successful response map to {ok:false}', async () => {
    ots.routes = {
      '/BatchWriteRow': () =>
        ok('BatchWriteRowResponse', {
          tables: [
            {
              tableName: 'jobs',
              rows: [
                { isOk: true, consumed },
                { isOk: false, error: { code: 'OTSConditionCheckFail', message: 'Condition check failed.' } },
                { isOk: true, consumed },
              ],
            },
          ],
        }),
    };
    const results = await store().batchWrite('jobs', [
      { type: 'PUT', key: [['pk', 'a']], attributes: { n: 1 } },
      { type: 'UPDATE', key: [['pk', 'b']], update: { increment: { n: 2 } }, condition: { row: 'EXPECT_EXIST' } },
      { type: 'DELETE', key: [['pk', 'c']] },
    ]);
    expect(results).toEqual([
      { ok: true },
      { ok: false, code: 'OTSConditionCheckFail', message: 'Condition check failed.' },
      { ok: true },
    ]);
    const body = decode('BatchWriteRowRequest', ots.server.requests[0]);
    const rows = body.tables[0].rows;
    expect(rows.map((r: { type: number }) => pb.OperationType[r.type])).toEqual(['PUT', 'UPDATE', 'DELETE']);
    expect(rows.map((r: { condition: { rowExistence: number } }) => pb.RowExistenceExpectation[r.condition.rowExistence])).toEqual([
      'IGNORE',
      'EXPECT_EXIST',
      'IGNORE',
    ]);
    expect(readPlainRow(Buffer.from(rows[1].rowChange)).columns).toEqual([{ name: 'n', value: { type: 'INTEGER', value: 2n }, op: 'INCREMENT' }]);
    expect(readPlainRow(Buffer.from(rows[2].rowChange)).deleteMarker).toBe(true);
  });

  it('rejects more than 200 rows before sending anything', async () => {
    const writes = Array.from({ length: 201 }, (_, i) => ({ type: 'DELETE' as const, key: [['pk', String(i)]] as [string, string][] }));
    await expect(store().batchWrite('jobs', writes)).rejects.toThrow(/200/);
    expect(ots.server.requests).toHaveLength(0);
  });

  it('writes a column named "timestamp" as any other (the SDK took it for the cell version)', async () => {
    ots.routes['/PutRow'] = () => ok('PutRowResponse', { consumed });
    await store().putRow('jobs', [['pk', 'a']], { timestamp: 5 });
    const body = decode('PutRowRequest', ots.server.requests[0]);
    expect(readPlainRow(Buffer.from(body.row)).columns).toEqual([{ name: 'timestamp', value: { type: 'INTEGER', value: 5n } }]);
  });
});
