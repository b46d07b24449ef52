/** OssObjectStore on OssClient (V4-signed requests), against a loopback server standing in for the bucket's host. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OssObjectStore } from '../../../../runtime/shared/cloud/oss-object-store';
import { NotFoundError, PreconditionFailedError } from '../../../../runtime/shared/ports';
import { startLoopback, TEST_CONTEXT, type CannedResponse, type CapturedRequest, type Loopback } from './loopback-server';
import { expectOssV4Header, expectOssV4Url } from './oss-v4-verify';

const noSuchKey: CannedResponse = {
  status: 404,
  headers: { 'content-type': 'application/xml', 'x-oss-request-id': 'rid' },
  body:
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
    '<RequestId>rid</RequestId><HostId>h</HostId></Error>',
};

let server: Loopback;
let respond: (req: CapturedRequest) => CannedResponse;
beforeAll(async () => {
  server = await startLoopback((req) => respond(req));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const store = () => OssObjectStore.fromContext(TEST_CONTEXT, { bucket: 'media', endpoint: server.url });

describe('OssObjectStore', () => {
  const secret = TEST_CONTEXT.credentials.accessKeySecret;

  it('signs V4 URLs for the internal HTTPS endpoint of the function region with the STS token', async () => {
    const url = new URL(await OssObjectStore.fromContext(TEST_CONTEXT, { bucket: 'media' }).readableUrl('in/a b+c.mp4', 600));
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('media.oss-cn-hangzhou-internal.aliyuncs.com');
    expect(url.pathname).toBe('/in/a%20b%2Bc.mp4');
    expect(url.searchParams.get('x-oss-credential')).toMatch(/^STS\.testkey\/\d{8}\/cn-hangzhou\/oss\/aliyun_v4_request$/);
    expect(url.searchParams.get('x-oss-security-token')).toBe('sts-token-value');
    expect(url.searchParams.get('x-oss-expires')).toBe('600');
    expectOssV4Url(url, 'media', secret);
    expect(url.searchParams.has('Signature')).toBe(false);
  });

  it('refuses a URL V4 cannot sign (longer than 7 days)', async () => {
    await expect(store().readableUrl('a.mp4', 8 * 86400)).rejects.toThrow('1 s to 7 days');
  });

  it('readableVersion signs a URL with If-Match for the planned ETag only, after a HEAD', async () => {
    respond = () => ({ headers: { etag: '"5EB63BBBE01EEED093CB22BB8F5ACDC3"', 'content-length': '11' } });
    const pinned = await store().readableVersion('in/a.mp4', '5EB63BBBE01EEED093CB22BB8F5ACDC3', 600);
    expect(pinned.headers).toEqual({ 'If-Match': '"5EB63BBBE01EEED093CB22BB8F5ACDC3"' });
    expect(pinned.url.startsWith(`${server.url}/in/a.mp4?`)).toBe(true);
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([['HEAD', '/in/a.mp4']]);
    expectOssV4Header(server.requests[0], 'media', secret);
    await expect(store().readableVersion('in/a.mp4', 'OTHER')).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('put sends a signed PUT with content type and cache control', async () => {
    respond = () => ({ headers: { etag: '"ABC"' } });
    await store().put('out/a b.m3u8', '#EXTM3U', { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'max-age=60' });
    const [req] = server.requests;
    expect(req.method).toBe('PUT');
    // The bucket is the host's; the signature covers /bucket/key all the same.
    expect(req.url).toBe('/out/a%20b.m3u8');
    expectOssV4Header(req, 'media', secret);
    expect(req.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(req.headers['cache-control']).toBe('max-age=60');
    expect(req.headers['x-oss-security-token']).toBe('sts-token-value');
    expect(req.headers['content-length']).toBe('7');
    expect(req.body.toString()).toBe('#EXTM3U');
  });

  it('delete sends a signed DELETE and takes 204 (OSS answers it whether or not the object existed)', async () => {
    respond = () => ({ status: 204 });
    await store().delete('out/720p/1a2b3c4d_00000.ts');
    const [req] = server.requests;
    expect([req.method, req.url]).toEqual(['DELETE', '/out/720p/1a2b3c4d_00000.ts']);
    expectOssV4Header(req, 'media', secret);
    respond = () => ({ status: 403, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>AccessDenied</Code></Error>' });
    await expect(store().delete('out/x.ts')).rejects.toThrow(/403 AccessDenied/);
  });

  it('head maps headers, and 404 to undefined; get and download map 404 to NotFoundError', async () => {
    respond = (req) =>
      req.url.includes('missing')
        ? noSuchKey
        : {
            headers: { etag: '"5EB63BBBE01EEED093CB22BB8F5ACDC3"', 'content-type': 'video/mp4', 'content-length': '11' },
            body: req.method === 'HEAD' ? '' : 'hello world',
          };
    expect(await store().head('a.mp4')).toEqual({ key: 'a.mp4', size: 11, etag: '"5EB63BBBE01EEED093CB22BB8F5ACDC3"', contentType: 'video/mp4' });
    expect(server.requests[0].method).toBe('HEAD');
    expect(await store().head('missing.mp4')).toBeUndefined();
    await expect(store().get('missing.mp4')).rejects.toBeInstanceOf(NotFoundError);
    await expect(store().download('missing.mp4', path.join(tmpdir(), 'never'))).rejects.toBeInstanceOf(NotFoundError);
    expect((await store().get('a.mp4')).toString()).toBe('hello world');
    const target = path.join(mkdtempSync(path.join(tmpdir(), 'oss-dl-')), 'sub', 'a.mp4');
    await store().download('a.mp4', target);
    expect(readFileSync(target, 'utf8')).toBe('hello world');
  });

  it('sends a key with . and .. segments as it is signed, not normalised into another key', async () => {
    respond = () => ({ headers: { etag: '"X"' } });
    await store().put('uploads/./a/../b.m3u8', '#EXTM3U');
    expect(server.requests[0].url).toBe('/uploads/./a/../b.m3u8');
    expectOssV4Header(server.requests[0], 'media', secret);
  });

  it('upload puts a small file in one request', async () => {
    respond = () => ({ headers: { etag: '"X"' } });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'oss-up-')), 'seg.ts');
    writeFileSync(file, 'segment');
    await store().upload('out/seg.ts', file, { contentType: 'video/mp2t' });
    expect(server.requests.map((r) => [r.method, r.url, r.headers['content-type'], r.headers['content-length'], r.body.toString()])).toEqual([
      ['PUT', '/out/seg.ts', 'video/mp2t', '7', 'segment'],
    ]);
    expectOssV4Header(server.requests[0], 'media', secret);
  });

  it('an error answer is an OssError with its code, message and request id; HEAD of a missing key is undefined', async () => {
    respond = () => ({
      status: 403,
      headers: { 'content-type': 'application/xml' },
      body:
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>' +
        '<Message>You have no right &amp; no key.</Message><RequestId>r-1</RequestId></Error>',
    });
    await expect(store().get('a.mp4')).rejects.toMatchObject({ name: 'OssError', status: 403, code: 'AccessDenied', requestId: 'r-1' });
    await expect(store().put('a.txt', 'x')).rejects.toThrow('OSS answered 403 AccessDenied: You have no right & no key.');
    respond = () => ({ status: 404, headers: { 'x-oss-request-id': 'r-2' } });
    expect(await store().head('gone.mp4')).toBeUndefined();
  });

  it('list follows continuation tokens (ListObjectsV2)', async () => {
    const page = (keys: string[], next?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>media</Name><Prefix>p/</Prefix><MaxKeys>1000</MaxKeys>` +
      `<KeyCount>${keys.length}</KeyCount>` +
      `<IsTruncated>${next ? 'true' : 'false'}</IsTruncated>${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}` +
      keys
        .map(
          (k) =>
            `<Contents><Key>${k.replace(/&/g, '&amp;')}</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"X"</ETag>` +
            `<Size>1</Size><StorageClass>Standard</StorageClass></Contents>`,
        )
        .join('') +
      `</ListBucketResult>`;
    respond = (req) => ({
      headers: { 'content-type': 'application/xml' },
      body: req.url.includes('continuation-token=tok') ? page(['p/c&d']) : page(['p/a', 'p/b'], 'tok'),
    });
    expect(await store().list('p/')).toEqual(['p/a', 'p/b', 'p/c&d']);
    for (const req of server.requests) expectOssV4Header(req, 'media', secret);
    const urls = server.requests.map((r) => new URL(r.url, 'http://x'));
    expect(
      urls.map((u) => [u.pathname, u.searchParams.get('list-type'), u.searchParams.get('prefix'), u.searchParams.get('continuation-token')]),
    ).toEqual([
      ['/', '2', 'p/', null],
      ['/', '2', 'p/', 'tok'],
    ]);
  });
});
