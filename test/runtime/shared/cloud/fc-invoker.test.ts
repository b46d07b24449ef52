/** FcInvoker against a loopback server: path, headers, body and an independently recomputed ACS3 signature. */
import { createHash } from 'node:crypto';
import { acs3CanonicalRequest, signAcs3 } from '../../../../runtime/shared/cloud/acs3-signature';
import { FcInvokeError, FcInvoker } from '../../../../runtime/shared/cloud/fc-invoker';
import { expectAcs3Signature } from './acs3-verify';
import { startLoopback, TEST_CONTEXT, type CannedResponse, type Loopback } from './loopback-server';

let server: Loopback;
let reply: CannedResponse;
beforeAll(async () => {
  server = await startLoopback(() => reply);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  reply = { status: 202 };
});

describe('FcInvoker', () => {
  it('POSTs /2023-03-30/functions/{name}/invocations with x-fc-invocation-type Async, signed ACS3-HMAC-SHA256', async () => {
    const invoker = FcInvoker.fromContext(TEST_CONTEXT, { endpoint: server.url });
    await invoker.invokeAsync('media-transcode', { jobId: 'j1', rendition: '720p' });
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/2023-03-30/functions/media-transcode/invocations');
    expect(req.body.toString()).toBe('{"jobId":"j1","rendition":"720p"}');
    expect(req.headers).toMatchObject({
      'x-fc-invocation-type': 'Async',
      'x-acs-action': 'InvokeFunction',
      'x-acs-version': '2023-03-30',
      'x-acs-security-token': 'sts-token-value',
      'x-acs-content-sha256': createHash('sha256').update(req.body).digest('hex'),
    });
    expect(req.headers['x-acs-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    expectAcs3Signature(req, 'testsecret');
  });

  it('defers an invocation with the signed header x-fc-async-delay, and refuses a delay FC would not take', async () => {
    const invoker = FcInvoker.fromContext(TEST_CONTEXT, { endpoint: server.url });
    await invoker.invokeAsync('iot-transition-check', { deviceId: 'pk/dn', changedAt: 1 }, { delaySeconds: 30 });
    const [req] = server.requests;
    expect(req.headers['x-fc-async-delay']).toBe('30');
    expect(req.headers['x-fc-invocation-type']).toBe('Async');
    expectAcs3Signature(req, 'testsecret');
    await invoker.invokeAsync('f', {}, { delaySeconds: 0 });
    expect(server.requests[1].headers['x-fc-async-delay']).toBeUndefined();
    for (const delaySeconds of [-1, 3600, 1.5]) await expect(invoker.invokeAsync('f', {}, { delaySeconds })).rejects.toThrow(RangeError);
    expect(server.requests).toHaveLength(2);
  });

  it('defaults to the account endpoint of the function region', () => {
    expect((FcInvoker.fromContext(TEST_CONTEXT) as unknown as { endpoint: URL }).endpoint.href).toBe('https://1234567890.cn-hangzhou.fc.aliyuncs.com/');
  });

  it('sends the qualifier as a signed query parameter and Buffers unchanged', async () => {
    await FcInvoker.fromContext(TEST_CONTEXT, { endpoint: server.url, qualifier: 'prod' }).invokeAsync('f', Buffer.from([1, 2, 3]));
    expect(server.requests[0].url).toBe('/2023-03-30/functions/f/invocations?qualifier=prod');
    expect([...server.requests[0].body]).toEqual([1, 2, 3]);
  });

  it('throws FcInvokeError with FC error code on failure', async () => {
    reply = { status: 404, body: JSON.stringify({ Code: 'FunctionNotFound', Message: 'function f does not exist' }) };
    const attempt = FcInvoker.fromContext(TEST_CONTEXT, { endpoint: server.url }).invokeAsync('f', {});
    await expect(attempt).rejects.toBeInstanceOf(FcInvokeError);
    await expect(FcInvoker.fromContext(TEST_CONTEXT, { endpoint: server.url }).invokeAsync('f', {})).rejects.toMatchObject({
      status: 404,
      code: 'FunctionNotFound',
    });
  });
});

describe('signAcs3', () => {
  it('is deterministic for a pinned time and nonce, and canonicalises query and headers', () => {
    const request = {
      method: 'POST',
      host: 'h.example.com',
      path: '/a',
      query: { b: '2 3', a: '*' },
      headers: { 'Content-Type': 'application/json', 'x-fc-log-type': 'None' },
      body: Buffer.from('{}'),
      action: 'A',
      version: 'V',
    };
    const creds = { accessKeyId: 'k', accessKeySecret: 's' };
    const when = new Date('2024-01-02T03:04:05.678Z');
    const h1 = signAcs3(request, creds, when, 'n');
    expect(h1).toEqual(signAcs3(request, creds, when, 'n'));
    expect(h1['x-acs-date']).toBe('2024-01-02T03:04:05Z');
    expect(h1.authorization).toContain(
      'SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,',
    );
    expect(acs3CanonicalRequest('post', '/a', request.query, h1).split('\n').slice(0, 3)).toEqual(['POST', '/a', 'a=%2A&b=2%203']);
    expect(signAcs3(request, creds, when, 'other').authorization).not.toBe(h1.authorization);
  });
});
