import { createCustomResourceHandler, postAnswer } from '../../../../runtime/shared/custom-resource/ros-custom-resource';
import { startLoopback, TEST_CONTEXT, type Loopback } from '../cloud/loopback-server';

let ros: Loopback;
beforeAll(async () => {
  ros = await startLoopback(() => ({ status: 200 }));
});
afterAll(() => ros.close());
beforeEach(() => {
  ros.requests.length = 0;
});

const request = (type: string, extra: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      RequestType: type,
      ResponseURL: `${ros.url}/answer?sig=abc`,
      IntranetResponseURL: `${ros.url}/intranet`,
      StackId: 'stack-1',
      StackName: 'demo',
      RequestId: 'ros-req-1',
      ResourceType: 'Custom::TableStream',
      LogicalResourceId: 'PostsStream',
      ResourceOwnerId: '123',
      CallerId: '123',
      RegionId: 'cn-hangzhou',
      ResourceProperties: { TableName: 'posts' },
      ...extra,
    }),
  );

const answers = () =>
  ros.requests.map((r) => ({ method: r.method, url: r.url, type: r.headers['content-type'], body: JSON.parse(r.body.toString()) }));

describe('ROS custom resource handler', () => {
  it('answers SUCCESS at ResponseURL with the physical id, data and the copied ids', async () => {
    const handler = createCustomResourceHandler({ respond: postAnswer, log: () => undefined }, async (req) => ({
      physicalResourceId: `phys-${req.properties.TableName}`,
      data: { Done: 'yes' },
    }));
    expect(await handler(request('Create'), TEST_CONTEXT)).toEqual({ status: 'SUCCESS' });
    expect(answers()).toEqual([
      {
        method: 'POST',
        url: '/answer?sig=abc',
        type: 'application/json',
        body: {
          Status: 'SUCCESS',
          PhysicalResourceId: 'phys-posts',
          Data: { Done: 'yes' },
          StackId: 'stack-1',
          RequestId: 'ros-req-1',
          LogicalResourceId: 'PostsStream',
        },
      },
    ]);
    expect(ros.requests[0].headers.date).toEqual(expect.any(String));
  });

  it('answers FAILED with the reason when the work throws, keeping the physical id ROS sent', async () => {
    const handler = createCustomResourceHandler({ respond: postAnswer, log: () => undefined }, async () => {
      throw new Error('table posts is not there');
    });
    const update = request('Update', { PhysicalResourceId: 'phys-posts', OldResourceProperties: {} });
    expect(await handler(update, TEST_CONTEXT)).toEqual({ status: 'FAILED' });
    expect(answers()[0].body).toEqual({
      Status: 'FAILED',
      Reason: 'table posts is not there',
      PhysicalResourceId: 'phys-posts',
      StackId: 'stack-1',
      RequestId: 'ros-req-1',
      LogicalResourceId: 'PostsStream',
    });
  });

  it('logs a malformed request and answers nobody (it has no ResponseURL to answer)', async () => {
    const lines: string[] = [];
    const deps = { respond: postAnswer, log: (l: string) => lines.push(l) };
    const handler = createCustomResourceHandler(deps, async () => ({ physicalResourceId: 'x' }));
    expect((await handler(Buffer.from('{"RequestType":"Explode"}'), TEST_CONTEXT)).malformed).toMatch(/RequestType/);
    expect(ros.requests).toHaveLength(0);
    expect(lines.map((l) => JSON.parse(l).level)).toEqual(['error']);
  });
});
