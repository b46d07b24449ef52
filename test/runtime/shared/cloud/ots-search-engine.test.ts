/**
 * OtsSearchEngine against the real tablestore SDK, pointed at a loopback server: BatchWriteRow and
 * Search requests are decoded with the SDK's own protobuf definitions, responses are real encoded
 * messages (search hits as plain-buffer rows).
 */
import { OtsSearchEngine } from '../../../../runtime/shared/cloud/ots-search-engine';
import { OtsTableStore } from '../../../../runtime/shared/cloud/ots-table-store';
import type { TableStoreSdk } from '../../../../runtime/shared/cloud/tablestore-sdk';
import { POSTS_SCHEMA } from '../search-engine-contract';

import { TEST_CONTEXT } from './loopback-server';
import { readPlainRow, readValue } from './plain-buffer-reader';

import { protos, TableStore, useTableStoreLoopback } from './tablestore-loopback';
const pb = protos.main.proto;
const searchPb = protos.search.proto;
const filterPb = protos.filter.proto;

const consumed = { capacityUnit: { read: 0, write: 1 } };
const encode = (types: Record<string, { create(o: object): object; encode(m: object): { finish(): Uint8Array } }>, name: string, body: object) =>
  Buffer.from(types[name].encode(types[name].create(body)).finish());

const ots = useTableStoreLoopback();

function engine(): OtsSearchEngine {
  const sdk = TableStore as TableStoreSdk;
  const store = OtsTableStore.fromContext(TEST_CONTEXT, { endpoint: ots.server.url, instanceName: 'inst' });
  return new OtsSearchEngine(store, () => ({ sdk, client: ots.client() }), { table: 'posts_search', index: 'posts_index', schema: POSTS_SCHEMA });
}

/** A Query message as the SDK nests it: a type and the bytes of the query of that type. */
function decodeQuery(query: { type: number; query: Uint8Array }): unknown {
  const type = searchPb.QueryType[query.type] as string;
  if (type === 'BOOL_QUERY') {
    const bool = searchPb.BoolQuery.decode(query.query);
    return { bool: { must: bool.mustQueries.map(decodeQuery), filter: bool.filterQueries.map(decodeQuery) } };
  }
  if (type === 'MATCH_QUERY') {
    const match = searchPb.MatchQuery.decode(query.query);
    return { match: { field: match.fieldName, text: match.text, operator: searchPb.QueryOperator[match.operator] } };
  }
  if (type === 'TERM_QUERY') {
    const term = searchPb.TermQuery.decode(query.query);
    return { term: { field: term.fieldName, value: readValue(Buffer.from(term.term)) } };
  }
  return { type };
}

describe('OtsSearchEngine requests as the tablestore SDK sends them', () => {
  it('apply: one BatchWriteRow of versioned PUTs, tombstones for deletes, and each row answer mapped', async () => {
    ots.routes = {
      '/BatchWriteRow': () => ({
        body: encode(pb, 'BatchWriteRowResponse', {
          tables: [
            {
              tableName: 'posts_search',
              rows: [
                { isOk: true, consumed },
                { isOk: false, error: { code: 'OTSConditionCheckFail', message: 'Condition check failed.' } },
                { isOk: false, error: { code: 'OTSServerBusy', message: 'Service is busy.' } },
                { isOk: false, error: { code: 'OTSParameterInvalid', message: 'Column value too long.' } },
                { isOk: false, error: { code: 'OTSOperationThrottled', message: 'Too frequent.' } },
              ],
            },
          ],
        }),
      }),
    };
    const fields = { text: 'hello', author: 'ann', tags: ['a', 'b'], createdAt: 5 };
    const results = await engine().apply([
      { id: 'p1', version: 3, fields },
      { id: 'p2', version: 2 },
      { id: 'bad', version: 1, fields: { text: 'x', createdAt: 0.5 } },
      { id: 'p3', version: 1, fields },
      { id: 'p4', version: 9, fields },
      { id: 'p5', version: 1, fields },
    ]);
    expect(results).toEqual([
      { outcome: 'applied' },
      { outcome: 'stale' },
      { outcome: 'rejected', code: 'invalid_document', message: expect.stringContaining('createdAt') },
      { outcome: 'retry', code: 'OTSServerBusy', message: 'Service is busy.' },
      { outcome: 'rejected', code: 'OTSParameterInvalid', message: 'Column value too long.' },
      { outcome: 'retry', code: 'OTSOperationThrottled', message: 'Too frequent.' },
    ]);
    expect(ots.server.requests).toHaveLength(1);
    const body = pb.BatchWriteRowRequest.decode(ots.server.requests[0].body);
    expect(body.tables[0].tableName).toBe('posts_search');
    const rows = body.tables[0].rows;
    expect(rows).toHaveLength(5);
    expect(rows.map((r: { type: number }) => pb.OperationType[r.type])).toEqual(['PUT', 'PUT', 'PUT', 'PUT', 'PUT']);
    const first = readPlainRow(Buffer.from(rows[0].rowChange));
    expect(first.primaryKey).toEqual([{ name: 'id', value: { type: 'STRING', value: 'p1' } }]);
    expect(Object.fromEntries(first.columns.map((c) => [c.name, c.value]))).toEqual({
      text: { type: 'STRING', value: 'hello' },
      author: { type: 'STRING', value: 'ann' },
      tags: { type: 'STRING', value: '["a","b"]' },
      createdAt: { type: 'INTEGER', value: 5n },
      _version: { type: 'INTEGER', value: 3n },
      _live: { type: 'BOOLEAN', value: true },
    });
    const tombstone = readPlainRow(Buffer.from(rows[1].rowChange));
    expect(Object.fromEntries(tombstone.columns.map((c) => [c.name, c.value]))).toEqual({
      _version: { type: 'INTEGER', value: 2n },
      _live: { type: 'BOOLEAN', value: false },
    });
    expect(pb.RowExistenceExpectation[rows[0].condition.rowExistence]).toBe('IGNORE');
    const condition = filterPb.SingleColumnValueFilter.decode(filterPb.Filter.decode(rows[0].condition.columnCondition).filter);
    expect({
      comparator: filterPb.ComparatorType[condition.comparator],
      column: condition.columnName,
      value: readValue(Buffer.from(condition.columnValue)),
      filterIfMissing: condition.filterIfMissing,
    }).toEqual({ comparator: 'CT_LESS_THAN', column: '_version', value: { type: 'INTEGER', value: 3n }, filterIfMissing: false });
  });

  it('search: a bool query (match with AND, live and keyword filters), newest first then by id, hits and cursor decoded', async () => {
    const row = (id: string, version: number, createdAt: number) =>
      TableStore.PlainBufferBuilder.serializeForPutRow(
        [{ id }],
        [
          { text: 'hello world' },
          { author: 'ann' },
          { tags: '["a"]' },
          { createdAt: TableStore.Long.fromNumber(createdAt) },
          { _version: TableStore.Long.fromNumber(version) },
          { _live: true },
        ],
      );
    let page = 0;
    ots.routes = {
      '/Search': () => ({
        body: encode(searchPb, 'SearchResponse', {
          totalHits: -1,
          rows: page++ === 0 ? [row('p2', 4, 20), row('p1', 1, 10)] : [],
          isAllSucceeded: true,
          ...(page === 1 ? { nextToken: Buffer.from('next-page') } : {}),
        }),
      }),
    };
    const search = engine();
    const first = await search.search({ match: { field: 'text', text: 'hello' }, terms: { author: 'ann' }, sortBy: 'createdAt', limit: 2 });
    expect(first.hits).toEqual([
      { id: 'p2', version: 4, fields: { text: 'hello world', author: 'ann', tags: ['a'], createdAt: 20 } },
      { id: 'p1', version: 1, fields: { text: 'hello world', author: 'ann', tags: ['a'], createdAt: 10 } },
    ]);
    expect(first.cursor).toEqual(expect.stringContaining(Buffer.from('next-page').toString('base64url')));

    const request = searchPb.SearchRequest.decode(ots.server.requests[0].body);
    expect({ table: request.tableName, index: request.indexName }).toEqual({ table: 'posts_search', index: 'posts_index' });
    const query = searchPb.SearchQuery.decode(request.searchQuery);
    expect(query.limit).toBe(2);
    expect(decodeQuery(query.query)).toEqual({
      bool: {
        must: [{ match: { field: 'text', text: 'hello', operator: 'AND' } }],
        filter: [
          { term: { field: '_live', value: { type: 'BOOLEAN', value: true } } },
          { term: { field: 'author', value: { type: 'STRING', value: 'ann' } } },
        ],
      },
    });
    expect(query.sort.sorter.map((s: { fieldSort?: { fieldName: string; order: number }; pkSort?: { order: number } }) =>
      s.fieldSort ? ['field', s.fieldSort.fieldName, searchPb.SortOrder[s.fieldSort.order]] : ['pk', searchPb.SortOrder[s.pkSort!.order]],
    )).toEqual([
      ['field', 'createdAt', 'SORT_ORDER_DESC'],
      ['pk', 'SORT_ORDER_ASC'],
    ]);

    const second = await search.search({ sortBy: 'createdAt', limit: 2, cursor: first.cursor });
    expect(second).toEqual({ hits: [] });
    const next = searchPb.SearchQuery.decode(searchPb.SearchRequest.decode(ots.server.requests[1].body).searchQuery);
    expect(Buffer.from(next.token).toString()).toBe('next-page');
    expect(next.sort).toBeNull();
    expect(decodeQuery(next.query)).toEqual({ bool: { must: [], filter: [{ term: { field: '_live', value: { type: 'BOOLEAN', value: true } } }] } });
  });

  it('reads a document whose tags are not a JSON array (written around the indexer) as having none', async () => {
    const bad = TableStore.PlainBufferBuilder.serializeForPutRow(
      [{ id: 'p9' }],
      [
        { text: 'odd' },
        { tags: 'not json' },
        { createdAt: TableStore.Long.fromNumber(1) },
        { _version: TableStore.Long.fromNumber(1) },
        { _live: true },
      ],
    );
    ots.routes = { '/Search': () => ({ body: encode(searchPb, 'SearchResponse', { totalHits: -1, rows: [bad], isAllSucceeded: true }) }) };
    expect((await engine().search({ sortBy: 'createdAt', limit: 10 })).hits).toEqual([
      { id: 'p9', version: 1, fields: { text: 'odd', tags: [], createdAt: 1 } },
    ]);
  });

  it('refuses a cursor it did not give before sending it, and one Table Store refuses, as bad cursors', async () => {
    await expect(engine().search({ sortBy: 'createdAt', limit: 10, cursor: 'bm90LWEtdG9rZW4' })).rejects.toThrow(/cursor/);
    expect(ots.server.requests).toHaveLength(0);
    ots.routes = {
      '/Search': () => ({
        body: encode(searchPb, 'SearchResponse', { totalHits: -1, rows: [], isAllSucceeded: true, nextToken: Buffer.from('t1') }),
      }),
    };
    const { cursor } = await engine().search({ sortBy: 'createdAt', limit: 10 });
    const refusal = Buffer.from(pb.Error.encode(pb.Error.create({ code: 'OTSParameterInvalid', message: 'Invalid token.' })).finish());
    ots.routes = { '/Search': () => ({ status: 400, body: refusal }) };
    const refused = engine().search({ sortBy: 'createdAt', limit: 10, cursor });
    await expect(refused).rejects.toBeInstanceOf(RangeError);
    await expect(engine().search({ sortBy: 'createdAt', limit: 10, cursor })).rejects.toThrow(/cursor/);
  });

  it('refuses a query the schema cannot answer, and a batch over 200, before sending anything', async () => {
    await expect(engine().search({ sortBy: 'text', limit: 10 })).rejects.toThrow(/sortBy/);
    await expect(engine().apply(Array.from({ length: 201 }, (_, i) => ({ id: `p${i}`, version: 1 })))).rejects.toThrow(/200/);
    expect(ots.server.requests).toHaveLength(0);
  });
});
