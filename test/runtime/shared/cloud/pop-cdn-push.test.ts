/** PopCdn and PopPush through the real @alicloud/pop-core client, against a loopback server. */
import { createHmac } from 'node:crypto';
import { PopCdn } from '../../../../runtime/shared/cloud/pop-cdn';
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

describe('PopCdn', () => {
  it('sends PushObjectCache as a signed POST form with newline-joined ObjectPath and Area', async () => {
    reply = { RequestId: 'r', PushTaskId: '4242' };
    const cdn = PopCdn.fromContext(TEST_CONTEXT, { endpoint: server.url, area: 'domestic' });
    expect(await cdn.prefetch(['cdn.example.com/v/master.m3u8', 'cdn.example.com/v/720p.m3u8'])).toBe('4242');
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const params = form(req);
    expect(params.get('Action')).toBe('PushObjectCache');
    expect(params.get('Version')).toBe('2018-05-10');
    expect(params.get('ObjectPath')).toBe('cdn.example.com/v/master.m3u8\ncdn.example.com/v/720p.m3u8');
    expect(params.get('Area')).toBe('domestic');
    expect(params.get('AccessKeyId')).toBe('STS.testkey');
    expect(params.get('SecurityToken')).toBe('sts-token-value');
    expect(params.get('Signature')).toBe(rpcSignature(params));
  });

  it('refuses more than 100 paths without calling the API', async () => {
    const cdn = PopCdn.fromContext(TEST_CONTEXT, { endpoint: server.url });
    await expect(cdn.prefetch(Array.from({ length: 101 }, (_, i) => `d.com/${i}`))).rejects.toThrow(/at most 100/);
    expect(server.requests).toHaveLength(0);
  });

  it('surfaces API error codes', async () => {
    reply = { RequestId: 'r', Code: 'InvalidObjectPath.Malformed', Message: 'bad path' };
    await expect(PopCdn.fromContext(TEST_CONTEXT, { endpoint: server.url }).prefetch(['d.com/a'])).rejects.toMatchObject({
      code: 'InvalidObjectPath.Malformed',
    });
  });
});

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
