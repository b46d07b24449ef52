/**
 * The stream custom resource at every stop: each call it makes (DescribeTable, UpdateTable, the
 * answer to ROS) in each fault mode, then ROS's next attempt (a redeploy, or FC's retry): the stream
 * ends up on, UpdateTable landed at most once, and the last answer is SUCCESS.
 */
import { actOnStream } from '../../../runtime/iot/stream-enabler';
import type { TableStoreClient } from '../../../runtime/shared/cloud/tablestore-sdk';
import { createCustomResourceHandler } from '../../../runtime/shared/custom-resource/ros-custom-resource';
import { FaultRun, wrap, type FaultMode } from '../../faults/fault-run';
import { FAULT_MODES } from '../../faults-suite/invocations';
import { TEST_CONTEXT } from '../shared/cloud/loopback-server';

/** A table as Table Store keeps it: the stream on or off; UpdateTable turns it on. */
function table() {
  const state = { stream: false, updates: 0 };
  const client = {
    async describeTable() {
      return { tableOptions: { maxVersions: 1 }, streamDetails: state.stream ? { enableStream: true, expirationTime: 24 } : null };
    },
    async updateTable(params: { streamSpecification: { enableStream: boolean } }) {
      state.updates++;
      state.stream = params.streamSpecification.enableStream;
      return {};
    },
  } as unknown as TableStoreClient;
  return { state, client };
}

const request = Buffer.from(
  JSON.stringify({
    RequestType: 'Create',
    ResponseURL: 'https://ros.example/answer',
    StackId: 's',
    RequestId: 'r',
    LogicalResourceId: 'PostsStream',
    ResourceProperties: { InstanceName: 'inst', Endpoint: 'https://inst.example', TableName: 'posts', ExpirationHours: '24' },
  }),
);

async function attempt(t: ReturnType<typeof table>, answers: string[], run: FaultRun): Promise<void> {
  const client = wrap(t.client, 'store', run);
  const ros = wrap({ respond: async (_url: string, body: string) => void answers.push(JSON.parse(body).Status) }, 'ros', run);
  const handler = createCustomResourceHandler({ respond: (url, body) => ros.respond(url, body), log: () => undefined }, (req, log) =>
    actOnStream(req, log, () => client, { sleep: async () => undefined }),
  );
  await handler(request, TEST_CONTEXT).catch(() => undefined);
}

const cases: Array<[number, FaultMode]> = [1, 2, 3].flatMap((at) => FAULT_MODES.map((mode) => [at, mode] as [number, FaultMode]));

describe('the stream custom resource at every stop', () => {
  it.each(cases)('call %i, %s, then ROS tries again: the stream is on, updated once, answered SUCCESS', async (at, mode) => {
    const t = table();
    const answers: string[] = [];
    await attempt(t, answers, new FaultRun([{ mode, at }]));
    await attempt(t, answers, new FaultRun());
    expect({ stream: t.state.stream, updates: t.state.updates, last: answers.at(-1) }).toEqual({ stream: true, updates: 1, last: 'SUCCESS' });
  });
});
