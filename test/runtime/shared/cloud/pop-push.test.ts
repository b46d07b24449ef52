/** PopPush through the real @alicloud/pop-core client, against a loopback server. */
import { createHmac } from 'node:crypto';
import { PopPush } from '../../../../runtime/shared/cloud/pop-push';
import { startLoopback, TEST_CONTEXT, type CapturedRequest, type Loopback } from './loopback-server';

let server: Loopback;
let reply: object;
beforeAll(async () => {
  server = await startLoopback(() => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const form = (req: CapturedRequest) => new URLSearchParams(req.body.toString());

/** pop-core's RPC signature (HMAC-SHA1 over the sorted, RFC3986-encoded form), recomputed. */
function rpcSignature(params: URLSearchParams): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonical = [...params.entries()]
    .filter(([k]) => k !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  return createHmac('sha1', `${TEST_CONTEXT.credentials.accessKeySecret}&`).update(`POST&${enc('/')}&${enc(canonical)}`).digest('base64');
}

describe('PopPush', () => {
  it('keeps iOSApnsEnv casing (formatParams:false) and sends the push fields', async () => {
    reply = { RequestId: 'r', MessageId: 'm-1' };
    const push = PopPush.fromContext(TEST_CONTEXT, { endpoint: server.url, appKey: 23267207, apnsEnv: 'PRODUCT' });
    expect(await push.push({ target: 'ACCOUNT', targetValue: 'u1,u2', title: 't', body: 'b', extParameters: { orderId: '7' } })).toBe('m-1');
    const params = form(server.requests[0]);
    expect(Object.fromEntries([...params.entries()].filter(([k]) => !['Signature', 'SignatureNonce', 'Timestamp'].includes(k)))).toEqual({
      Action: 'Push',
      Version: '2016-08-01',
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      AccessKeyId: 'STS.testkey',
      SecurityToken: 'sts-token-value',
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
    expect(params.get('Signature')).toBe(rpcSignature(params));
  });
});
