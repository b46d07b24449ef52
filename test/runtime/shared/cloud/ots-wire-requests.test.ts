/**
 * The wire client against the SDK, requests: each call goes once through the adapter as it was on the tablestore
 * 5.4.1 SDK (test/support/sdk-table-store.ts) and once through OtsWireClient, against the same loopback; the request
 * bodies must be byte-identical and both signatures must verify.
 */
import { OtsWireClient } from '../../../../runtime/shared/cloud/ots-wire/client';
import type { CapturedRequest } from './loopback-server';
import { TableStore, useTableStoreLoopback } from './tablestore-loopback';
import { readPlainRow } from './plain-buffer-reader';
import { MAX, MIN, type BatchWrite, type ColumnCondition, type Condition, type PrimaryKey } from '../../../../runtime/shared/ports';
import { consumed, ok, pb, sameStaticHeaders, sdkStore, verifySignature, wireClient } from './ots-wire-oracle';

const ots = useTableStoreLoopback();

beforeEach(() => {
  ots.routes = {
    '/GetRow': () => ok('GetRowResponse', { consumed, row: Buffer.alloc(0) }),
    '/PutRow': () => ok('PutRowResponse', { consumed }),
    '/UpdateRow': () => ok('UpdateRowResponse', { consumed }),
    '/DeleteRow': () => ok('DeleteRowResponse', { consumed }),
    '/GetRange': () => ok('GetRangeResponse', { consumed, rows: Buffer.alloc(0) }),
    '/BatchWriteRow': () => ok('BatchWriteRowResponse', { tables: [] }),
  };
});

/** Runs the SDK call, then ours; returns the first request of each (the adapter may read back after an update). */
async function both(sdkCall: () => Promise<unknown>, wireCall: () => Promise<unknown>): Promise<{ sdk: CapturedRequest; mine: CapturedRequest }> {
  await sdkCall();
  const sdk = ots.server.requests[0];
  ots.server.requests.length = 0;
  await wireCall();
  const mine = ots.server.requests[0];
  return { sdk, mine };
}

function expectSameRequest({ sdk, mine }: { sdk: CapturedRequest; mine: CapturedRequest }): void {
  expect(mine.method).toBe('POST');
  expect(mine.url).toBe(sdk.url);
  expect(mine.body.toString('hex')).toBe(sdk.body.toString('hex'));
  sameStaticHeaders(mine, sdk);
  verifySignature(sdk); // the independent check accepts the SDK's signature…
  verifySignature(mine); // …and ours
}

const KEY: PrimaryKey = [
  ['pk', 'job-é✓'],
  ['seq', 7],
];
const BIG_KEY: PrimaryKey = [
  ['id', -(2 ** 40)],
  ['n', Number.MAX_SAFE_INTEGER],
  ['s', ''],
];
const ALL_TYPES = {
  s: 'text',
  u: 'ünïcödé ✓ 🚀',
  empty: '',
  i: 3,
  zero: 0,
  neg: -123456789012,
  big: 2 ** 53 - 1,
  d: 2.5,
  dneg: -1e-9,
  b: true,
  f: false,
  bin: Buffer.from([0, 1, 2, 255]),
  binEmpty: Buffer.alloc(0),
};

/** Every comparator, every value type, and/or/not nested, passIfMissing true/false/default. */
const NESTED: ColumnCondition = {
  and: [
    { column: 'i', op: '>=', value: 5 },
    { not: { column: 's', op: '!=', value: 'y', passIfMissing: false } },
    {
      or: [
        { column: 'd', op: '<', value: 0.25, passIfMissing: true },
        { column: 'b', op: '=', value: false },
        { column: 'bin', op: '<=', value: Buffer.from('ab') },
        { not: { and: [{ column: 'n', op: '>', value: -3 }] } },
      ],
    },
  ],
};

const CONDITIONS: Array<[string, Condition | undefined]> = [
  ['no condition', undefined],
  ['IGNORE', { row: 'IGNORE' }],
  ['EXPECT_EXIST', { row: 'EXPECT_EXIST' }],
  ['EXPECT_NOT_EXIST + nested and/or/not', { row: 'EXPECT_NOT_EXIST', column: NESTED }],
  ['IGNORE + one column condition', { row: 'IGNORE', column: { column: 'state', op: '=', value: 'queued' } }],
];

describe('request bodies are byte-identical to the tablestore SDK', () => {
  it.each([
    ['string + integer key', KEY],
    ['negative, max-safe and empty-string keys', BIG_KEY],
  ])('getRow: %s', async (_name, key) => {
    expectSameRequest(
      await both(
        () => sdkStore(ots).getRow('t', key),
        () => wireClient(ots).getRow('t', key),
      ),
    );
  });

  it.each(CONDITIONS)('putRow, every value type, %s', async (_name, condition) => {
    const pair = await both(
      () => sdkStore(ots).putRow('jobs', KEY, ALL_TYPES, condition),
      () => wireClient(ots).putRow('jobs', KEY, ALL_TYPES, condition),
    );
    expectSameRequest(pair);
    // Not vacuous: the body really holds the row as the SDK reads it.
    const row = readPlainRow(Buffer.from(pb.PutRowRequest.decode(pair.mine.body).row));
    expect(row.columns.map((c) => c.value?.type)).toEqual([
      'STRING',
      'STRING',
      'STRING',
      'INTEGER',
      'INTEGER',
      'INTEGER',
      'INTEGER',
      'DOUBLE',
      'DOUBLE',
      'BOOLEAN',
      'BOOLEAN',
      'BLOB',
      'BLOB',
    ]);
  });

  it('putRow with no attributes', async () => {
    expectSameRequest(
      await both(
        () => sdkStore(ots).putRow('jobs', KEY, {}),
        () => wireClient(ots).putRow('jobs', KEY, {}),
      ),
    );
  });

  it.each(CONDITIONS)('updateRow PUT + DELETE_ALL + INCREMENT with ReturnContent, %s', async (_name, condition) => {
    const update = { put: { state: 'running', d: 0.5, b: true, bin: Buffer.from('x') }, delete: ['tmp', 'old'], increment: { done: 1, failed: -2 } };
    const pair = await both(
      () => sdkStore(ots).updateRow('jobs', KEY, update, condition, { returnRow: false }),
      () => wireClient(ots).updateRow('jobs', KEY, update, condition, Object.keys(update.increment)),
    );
    expectSameRequest(pair);
    const body = pb.UpdateRowRequest.decode(pair.mine.body);
    expect(pb.ReturnType[body.returnContent.returnType]).toBe('RT_AFTER_MODIFY');
    expect(body.returnContent.returnColumnNames).toEqual(['done', 'failed']);
    expect(readPlainRow(Buffer.from(body.rowChange)).columns.map((c) => c.op)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      'DELETE_ALL_VERSION',
      'DELETE_ALL_VERSION',
      'INCREMENT',
      'INCREMENT',
    ]);
  });

  it('updateRow without increments sends no ReturnContent', async () => {
    const update = { put: { state: 'done' }, delete: ['lease'] };
    const pair = await both(
      () => sdkStore(ots).updateRow('jobs', KEY, update, { row: 'EXPECT_EXIST' }, { returnRow: false }),
      () => wireClient(ots).updateRow('jobs', KEY, update, { row: 'EXPECT_EXIST' }),
    );
    expectSameRequest(pair);
    expect(pb.UpdateRowRequest.decode(pair.mine.body).returnContent).toBeNull();
  });

  it.each(CONDITIONS)('deleteRow, %s', async (_name, condition) => {
    expectSameRequest(
      await both(
        () => sdkStore(ots).deleteRow('jobs', KEY, condition),
        () => wireClient(ots).deleteRow('jobs', KEY, condition),
      ),
    );
  });

  it.each([
    [
      'FORWARD, MIN..MAX in the second column',
      [
        ['pk', 'a'],
        ['seq', MIN],
      ],
      [
        ['pk', 'a'],
        ['seq', MAX],
      ],
      'FORWARD',
      5000,
    ],
    [
      'BACKWARD, MAX..MIN everywhere, small limit',
      [
        ['pk', MAX],
        ['seq', MAX],
      ],
      [
        ['pk', MIN],
        ['seq', MIN],
      ],
      'BACKWARD',
      7,
    ],
    [
      'FORWARD, concrete bounds',
      [
        ['pk', 'a'],
        ['seq', 1],
      ],
      [
        ['pk', 'b'],
        ['seq', -1],
      ],
      'FORWARD',
      200,
    ],
  ] as Array<[string, PrimaryKey, PrimaryKey, 'FORWARD' | 'BACKWARD', number]>)('getRange: %s', async (_name, start, end, direction, limit) => {
    const pair = await both(
      () => sdkStore(ots).getRange('jobs', start, end, { direction, limit }),
      () => wireClient(ots).getRange('jobs', start, end, { direction, limit }),
    );
    expectSameRequest(pair);
    const body = pb.GetRangeRequest.decode(pair.mine.body);
    expect([pb.Direction[body.direction], body.limit, body.maxVersions]).toEqual([direction, limit, 1]);
  });

  it('batchWriteRow with PUT, UPDATE and DELETE rows, with and without conditions', async () => {
    const writes: BatchWrite[] = [
      {
        type: 'PUT',
        key: [
          ['pk', 'a'],
          ['seq', 1],
        ],
        attributes: ALL_TYPES,
      },
      {
        type: 'PUT',
        key: [
          ['pk', 'a'],
          ['seq', 2],
        ],
        attributes: { v: 1 },
        condition: { row: 'EXPECT_NOT_EXIST' },
      },
      {
        type: 'UPDATE',
        key: [
          ['pk', 'b'],
          ['seq', 3],
        ],
        update: { put: { s: 'x' }, delete: ['gone'], increment: { n: 2 } },
        condition: { row: 'EXPECT_EXIST', column: NESTED },
      },
      {
        type: 'UPDATE',
        key: [
          ['pk', 'b'],
          ['seq', 4],
        ],
        update: { increment: { n: -1 } },
      },
      {
        type: 'DELETE',
        key: [
          ['pk', 'c'],
          ['seq', 5],
        ],
      },
      {
        type: 'DELETE',
        key: [
          ['pk', 'c'],
          ['seq', 6],
        ],
        condition: { row: 'IGNORE', column: { column: 'lease', op: '<', value: 100 } },
      },
    ];
    const pair = await both(
      () => sdkStore(ots).batchWrite('jobs', writes),
      () => wireClient(ots).batchWriteRow('jobs', writes),
    );
    expectSameRequest(pair);
    expect(pb.BatchWriteRowRequest.decode(pair.mine.body).tables[0].rows.map((r: { type: number }) => pb.OperationType[r.type])).toEqual([
      'PUT',
      'PUT',
      'UPDATE',
      'UPDATE',
      'DELETE',
      'DELETE',
    ]);
  });

  it('sends no x-ots-ststoken without a security token, and the SDK agrees', async () => {
    const credentials = { accessKeyId: 'AK', accessKeySecret: 'SK' };
    const sdk = new TableStore.Client({ ...credentials, endpoint: ots.server.url, instancename: 'inst' });
    const pair = await both(
      () => sdk.getRow({ tableName: 't', primaryKey: [{ pk: 'a' }], maxVersions: 1 }),
      () => new OtsWireClient({ endpoint: ots.server.url, instanceName: 'inst', credentials }).getRow('t', [['pk', 'a']]),
    );
    expect(pair.mine.headers['x-ots-ststoken']).toBeUndefined();
    expect(pair.mine.body.toString('hex')).toBe(pair.sdk.body.toString('hex'));
    sameStaticHeaders(pair.mine, pair.sdk);
    verifySignature(pair.sdk, 'SK');
    verifySignature(pair.mine, 'SK');
  });
});

describe('where OtsWireClient deliberately differs from the SDK', () => {
  it('non-ASCII names get their UTF-8 byte length (the SDK writes the UTF-16 length: a malformed row)', async () => {
    await wireClient(ots).putRow('jobs', [['clé', 'a']], { é: 'x', timestamp: 5 });
    const row = readPlainRow(Buffer.from(pb.PutRowRequest.decode(ots.server.requests[0].body).row));
    expect(row.primaryKey).toEqual([{ name: 'clé', value: { type: 'STRING', value: 'a' } }]);
    // A column named "timestamp" is an ordinary column here; the SDK would take it as the cell version.
    expect(row.columns).toEqual([
      { name: 'é', value: { type: 'STRING', value: 'x' } },
      { name: 'timestamp', value: { type: 'INTEGER', value: 5n } },
    ]);
  });

  it('refuses integer keys that are not safe integers (the SDK truncates 2.5 to 2 and wraps 2^63)', async () => {
    await expect(wireClient(ots).getRow('t', [['n', 2.5]])).rejects.toThrow(TypeError);
    await expect(wireClient(ots).putRow('t', [['n', 1]], { big: 2 ** 63 })).rejects.toThrow(TypeError);
    expect(ots.server.requests).toHaveLength(0);
  });
});
