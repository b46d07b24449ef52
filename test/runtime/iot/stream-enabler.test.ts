/** The stream custom resource against the real tablestore SDK on a loopback server (requests decoded with the SDK's protobuf definitions). */
import { actOnStream } from '../../../runtime/iot/stream-enabler';
import { enableTableStream } from '../../../runtime/shared/cloud/ots-table-stream';
import type { TableStoreClient } from '../../../runtime/shared/cloud/tablestore-sdk';
import { createLogger } from '../../../runtime/shared/log';
import { protos, useTableStoreLoopback } from '../shared/cloud/tablestore-loopback';

const pb = protos.main.proto;

const encode = (name: string, body: object) => Buffer.from(pb[name].encode(pb[name].fromObject(body)).finish());
const throughput = { capacityUnit: { read: 0, write: 0 }, lastIncreaseTime: 0, lastDecreaseTime: 0 };
const updated = () => encode('UpdateTableResponse', { reservedThroughputDetails: throughput, tableOptions: { timeToLive: -1, maxVersions: 1 } });
const described = (stream: boolean) =>
  encode('DescribeTableResponse', {
    tableMeta: { tableName: 'posts', primaryKey: [{ name: 'postId', type: pb.PrimaryKeyType.STRING }] },
    reservedThroughputDetails: throughput,
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    tableStatus: 1,
    ...(stream ? { streamDetails: { enableStream: true, streamId: 's1', expirationTime: 72, lastEnableTime: 1 } } : {}),
  });

const ots = useTableStoreLoopback();

const client = (): TableStoreClient => ots.client();
const log = createLogger({ requestId: 'r', fn: 'iot-stream-enabler', writer: () => undefined });
const noWait = { sleep: async () => undefined };

describe('enabling the posts table stream', () => {
  it('sends UpdateTable with the stream on for the hours asked and the table\u2019s own maxVersions', async () => {
    ots.routes = { '/DescribeTable': () => ({ body: described(false) }), '/UpdateTable': () => ({ body: updated() }) };
    expect(await enableTableStream(client(), 'posts', 24, noWait)).toEqual({ changed: true, expirationHours: 24 });
    const update = pb.UpdateTableRequest.decode(ots.server.requests[1].body);
    expect({ table: update.tableName, maxVersions: update.tableOptions.maxVersions, stream: update.streamSpec }).toEqual({
      table: 'posts',
      maxVersions: 1,
      stream: expect.objectContaining({ enableStream: true, expirationTime: 24 }),
    });
  });

  it('leaves a stream that is already on alone', async () => {
    ots.routes = { '/DescribeTable': () => ({ body: described(true) }) };
    expect(await enableTableStream(client(), 'posts', 24, noWait)).toEqual({ changed: false, expirationHours: 72 });
    expect(ots.server.requests.map((r) => r.url)).toEqual(['/DescribeTable']);
  });

  it('waits for a table that is not there yet, and gives up on other errors at once', async () => {
    let calls = 0;
    const notYet = encode('Error', { code: 'OTSObjectNotExist', message: 'Requested table does not exist.' });
    ots.routes = {
      '/DescribeTable': () => (calls++ < 2 ? { status: 404, body: notYet } : { body: described(false) }),
      '/UpdateTable': () => ({ body: updated() }),
    };
    expect(await enableTableStream(client(), 'posts', 24, noWait)).toEqual({ changed: true, expirationHours: 24 });
    ots.routes = { '/DescribeTable': () => ({ status: 403, body: encode('Error', { code: 'OTSAuthFailed', message: 'no permission' }) }) };
    await expect(enableTableStream(client(), 'posts', 24, noWait)).rejects.toThrow();
    await expect(enableTableStream(client(), 'posts', 169, noWait)).rejects.toThrow(/1 to 168 hours/);
  });

  it('as a custom resource: Create enables it under a stable physical id; Delete touches nothing', async () => {
    ots.routes = { '/DescribeTable': () => ({ body: described(false) }), '/UpdateTable': () => ({ body: updated() }) };
    const properties = { InstanceName: 'inst', Endpoint: ots.server.url, TableName: 'posts', ExpirationHours: '24' };
    const base = { responseUrl: 'x', stackId: 's', requestId: 'r', logicalResourceId: 'PostsStream', properties };
    expect(await actOnStream({ ...base, requestType: 'Create' }, log, client, noWait)).toEqual({
      physicalResourceId: 'inst/posts/stream',
      data: { StreamExpirationHours: '24' },
    });
    ots.server.requests.length = 0;
    expect(await actOnStream({ ...base, requestType: 'Delete', physicalResourceId: 'inst/posts/stream' }, log, client, noWait)).toEqual({
      physicalResourceId: 'inst/posts/stream',
    });
    expect(ots.server.requests).toHaveLength(0);
  });
});
