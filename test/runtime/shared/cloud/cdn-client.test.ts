/** CdnClient against a loopback server: the PushObjectCache call, V3-signed, recomputed independently. */
import { CdnClient } from '../../../../runtime/shared/cloud/cdn-client';
import { CdnRefusedError } from '../../../../runtime/shared/ports';
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
  reply = { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ RequestId: 'r', PushTaskId: '4242' }) };
});

describe('CdnClient', () => {
  it('sends PushObjectCache as a V3-signed RPC call with newline-joined ObjectPath and Area in the query', async () => {
    const cdn = CdnClient.fromContext(TEST_CONTEXT, { endpoint: server.url, area: 'domestic' });
    expect(await cdn.prefetch(['cdn.example.com/v/master.m3u8', 'cdn.example.com/v/720p.m3u8'])).toBe('4242');
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.headers['x-acs-action']).toBe('PushObjectCache');
    expect(req.headers['x-acs-version']).toBe('2018-05-10');
    expect(req.headers['x-acs-security-token']).toBe('sts-token-value');
    const query = new URL(req.url, 'http://x').searchParams;
    expect(query.get('ObjectPath')).toBe('cdn.example.com/v/master.m3u8\ncdn.example.com/v/720p.m3u8');
    expect(query.get('Area')).toBe('domestic');
    expect(req.body.length).toBe(0);
    expectAcs3Signature(req, 'testsecret');
  });

  it('refuses more than 100 paths without calling the API', async () => {
    const cdn = CdnClient.fromContext(TEST_CONTEXT, { endpoint: server.url });
    await expect(cdn.prefetch(Array.from({ length: 101 }, (_, i) => `d.com/${i}`))).rejects.toThrow(/at most 100/);
    expect(server.requests).toHaveLength(0);
  });

  it('a 4xx is a refusal (nothing queued), with the API error code', async () => {
    reply = { status: 400, body: JSON.stringify({ RequestId: 'r', Code: 'InvalidObjectPath.Malformed', Message: 'bad path' }) };
    const attempt = CdnClient.fromContext(TEST_CONTEXT, { endpoint: server.url }).prefetch(['d.com/a']);
    await expect(attempt).rejects.toBeInstanceOf(CdnRefusedError);
    await expect(CdnClient.fromContext(TEST_CONTEXT, { endpoint: server.url }).prefetch(['d.com/a'])).rejects.toMatchObject({
      code: 'InvalidObjectPath.Malformed',
    });
  });

  it('a 5xx is not a refusal: the task may have been queued', async () => {
    reply = { status: 503, body: JSON.stringify({ RequestId: 'r', Code: 'ServiceUnavailable', Message: 'busy' }) };
    const attempt = CdnClient.fromContext(TEST_CONTEXT, { endpoint: server.url }).prefetch(['d.com/a']);
    await expect(attempt).rejects.toMatchObject({ status: 503, code: 'ServiceUnavailable' });
    await expect(CdnClient.fromContext(TEST_CONTEXT, { endpoint: server.url }).prefetch(['d.com/a'])).rejects.not.toBeInstanceOf(CdnRefusedError);
  });
});
