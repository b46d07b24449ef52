/** PopPush (V3-signed RPC calls, parameters in a form body) against a loopback server. */
import { PopPush } from '../../../../runtime/shared/cloud/pop-push';
import { expectAcs3Signature } from './acs3-verify';
import { startLoopback, TEST_CONTEXT, type CapturedRequest, type Loopback } from './loopback-server';

let server: Loopback;
let reply: object;
let status = 200;
beforeAll(async () => {
  server = await startLoopback(() => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const form = (req: CapturedRequest) => new URLSearchParams(req.body.toString());

/** Every call: POST /, the action and version in V3's headers, the form body signed (its SHA-256 in the signature). */
function expectSignedCall(req: CapturedRequest, action: string): void {
  expect(req.method).toBe('POST');
  expect(req.url).toBe('/');
  expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
  expect(req.headers['x-acs-action']).toBe(action);
  expect(req.headers['x-acs-version']).toBe('2016-08-01');
  expect(req.headers.authorization).toContain('SignedHeaders=content-type;host;');
  expectAcs3Signature(req, TEST_CONTEXT.credentials.accessKeySecret);
}

describe('PopPush', () => {
  it('keeps iOSApnsEnv casing and sends the push fields', async () => {
    reply = { RequestId: 'r', MessageId: 'm-1' };
    const push = PopPush.fromContext(TEST_CONTEXT, { endpoint: server.url, appKey: 23267207, apnsEnv: 'PRODUCT' });
    expect(await push.push({ target: 'ACCOUNT', targetValue: 'u1,u2', title: 't', body: 'b', extParameters: { orderId: '7' } })).toBe('m-1');
    const params = form(server.requests[0]);
    expect(Object.fromEntries(params.entries())).toEqual({
      AppKey: '23267207',
      PushType: 'NOTICE',
      DeviceType: 'ALL',
      Target: 'ACCOUNT',
      TargetValue: 'u1,u2',
      Title: 't',
      Body: 'b',
      iOSApnsEnv: 'PRODUCT',
      StoreOffline: 'true',
      iOSExtParameters: '{"orderId":"7"}',
      AndroidExtParameters: '{"orderId":"7"}',
    });
    expect(params.has('IOSApnsEnv')).toBe(false);
    expectSignedCall(server.requests[0], 'Push');
  });

  it('sends MassPush tasks as PushTask.N.* (N from 1) with the IdempotentToken, and reads MessageIds.MessageId in task order', async () => {
    reply = { RequestId: 'r', MessageIds: { MessageId: ['m-1', 'm-2'] } };
    const push = PopPush.fromContext(TEST_CONTEXT, { endpoint: server.url, appKey: 23267207, apnsEnv: 'DEV' });
    const tasks = [
      { target: 'ACCOUNT' as const, targetValue: 'alice,bob', title: 'lamp is offline', body: 'b1', extParameters: { deviceId: 'pk/lamp' } },
      { target: 'ALIAS' as const, targetValue: 'kitchen', title: 'lamp is offline', body: 'b1' },
    ];
    expect(await push.massPush(tasks, '34a40d9e-7873-5911-9c5e-6221e311c94d')).toEqual(['m-1', 'm-2']);
    const params = form(server.requests[0]);
    const own = Object.fromEntries([...params.entries()].filter(([k]) => k === 'AppKey' || k === 'IdempotentToken' || k.startsWith('PushTask.')));
    expect(own).toEqual({
      AppKey: '23267207',
      IdempotentToken: '34a40d9e-7873-5911-9c5e-6221e311c94d',
      'PushTask.1.PushType': 'NOTICE',
      'PushTask.1.DeviceType': 'ALL',
      'PushTask.1.Target': 'ACCOUNT',
      'PushTask.1.TargetValue': 'alice,bob',
      'PushTask.1.Title': 'lamp is offline',
      'PushTask.1.Body': 'b1',
      'PushTask.1.iOSApnsEnv': 'DEV',
      'PushTask.1.StoreOffline': 'true',
      'PushTask.1.iOSExtParameters': '{"deviceId":"pk/lamp"}',
      'PushTask.1.AndroidExtParameters': '{"deviceId":"pk/lamp"}',
      'PushTask.2.PushType': 'NOTICE',
      'PushTask.2.DeviceType': 'ALL',
      'PushTask.2.Target': 'ALIAS',
      'PushTask.2.TargetValue': 'kitchen',
      'PushTask.2.Title': 'lamp is offline',
      'PushTask.2.Body': 'b1',
      'PushTask.2.iOSApnsEnv': 'DEV',
      'PushTask.2.StoreOffline': 'true',
    });
    expectSignedCall(server.requests[0], 'MassPush');
  });

  it('sends a Push IdempotentToken when the request has one', async () => {
    reply = { RequestId: 'r', MessageId: 'm-9' };
    const push = PopPush.fromContext(TEST_CONTEXT, { endpoint: server.url, appKey: 23267207, apnsEnv: 'PRODUCT' });
    await push.push({ target: 'DEVICE', targetValue: 'd1', title: 't', body: 'b', idempotencyToken: 'tok' });
    expect(form(server.requests[0]).get('IdempotentToken')).toBe('tok');
  });

  it('throws PushRefusedError for a 4xx answer with a code (nothing was pushed), the plain error otherwise (the outcome is unknown)', async () => {
    const push = PopPush.fromContext(TEST_CONTEXT, { endpoint: server.url, appKey: 23267207, apnsEnv: 'PRODUCT' });
    const task = { target: 'ALIAS' as const, targetValue: 'x', title: 't', body: 'b' };
    status = 400;
    reply = { RequestId: 'r', Code: 'InvalidParameter', Message: 'bad alias' };
    await expect(push.massPush([task, task])).rejects.toMatchObject({ name: 'PushRefusedError', pushCode: 'InvalidParameter', code: 'PushRefused' });
    status = 500;
    reply = { RequestId: 'r', Code: 'InternalError', Message: 'try again' };
    await expect(push.push(task)).rejects.toMatchObject({ code: 'InternalError' });
    status = 200;
  });
});
