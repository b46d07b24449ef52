/** OssObjectStore with the real ali-oss client, against a loopback server (path-style URLs for an IP endpoint). */
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OssObjectStore, type AliOssClient } from '../../../../runtime/shared/cloud/oss-object-store';
import { NotFoundError, PreconditionFailedError } from '../../../../runtime/shared/ports';
import { startLoopback, TEST_CONTEXT, type CannedResponse, type CapturedRequest, type Loopback } from './loopback-server';

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

/** OSS header signature V1, recomputed independently: VERB, Content-MD5, Content-Type, Date, x-oss-* headers, /bucket/key. */
function ossV1Signature(req: CapturedRequest, resource: string): string {
  const ossHeaders = Object.keys(req.headers)
    .filter((h) => h.startsWith('x-oss-'))
    .sort()
    .map((h) => `${h}:${req.headers[h]}\n`)
    .join('');
  const toSign = [
    req.method,
    req.headers['content-md5'] ?? '',
    req.headers['content-type'] ?? '',
    req.headers['x-oss-date'] ?? req.headers.date ?? '',
  ].join('\n');
  return createHmac('sha1', TEST_CONTEXT.credentials.accessKeySecret).update(`${toSign}\n${ossHeaders}${resource}`).digest('base64');
}

const store = () => OssObjectStore.fromContext(TEST_CONTEXT, { bucket: 'media', endpoint: server.url });

describe('OssObjectStore', () => {
  it('makes its client on the first call, once: a function that never reaches OSS never loads ali-oss', async () => {
    let made = 0;
    const client = { signatureUrl: (key: string) => `https://b/${key}` } as unknown as AliOssClient;
    const store = new OssObjectStore(() => {
      made++;
      return client;
    }, 'media');
    expect(made).toBe(0);
    expect(await store.readableUrl('a.mp4')).toBe('https://b/a.mp4');
    await store.readableUrl('b.mp4');
    expect(made).toBe(1);
  });

  it('signs URLs for the internal HTTPS endpoint of the function region with the STS token', async () => {
    const url = new URL(await OssObjectStore.fromContext(TEST_CONTEXT, { bucket: 'media' }).readableUrl('in/a b.mp4', 600));
    expect(url.protocol).toBe('https:');
    expect(url.host).toBe('media.oss-cn-hangzhou-internal.aliyuncs.com');
    expect(url.pathname).toBe('/in/a%20b.mp4');
    expect(url.searchParams.get('OSSAccessKeyId')).toBe('STS.testkey');
    expect(url.searchParams.get('security-token')).toBe('sts-token-value');
    expect(Number(url.searchParams.get('Expires')) - Date.now() / 1000).toBeGreaterThan(590);
    expect(url.searchParams.get('Signature')).toBeTruthy();
  });

  it('readableVersion signs a URL with If-Match for the planned ETag only', async () => {
    const client = {
      head: async () => ({ res: { headers: { etag: '"5EB63BBBE01EEED093CB22BB8F5ACDC3"', 'content-length': '11' } } }),
      signatureUrl: (name: string) => `https://media.example/${name}?Signature=x`,
    } as unknown as AliOssClient;
    const pinned = new OssObjectStore(client, 'media');
    expect(await pinned.readableVersion('in/a.mp4', '5EB63BBBE01EEED093CB22BB8F5ACDC3', 600)).toEqual({
      url: 'https://media.example/in/a.mp4?Signature=x',
      headers: { 'If-Match': '"5EB63BBBE01EEED093CB22BB8F5ACDC3"' },
    });
    await expect(pinned.readableVersion('in/a.mp4', 'OTHER')).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('put sends a signed PUT with content type and cache control', async () => {
    respond = () => ({ headers: { etag: '"ABC"' } });
    await store().put('out/a b.m3u8', '#EXTM3U', { contentType: 'application/vnd.apple.mpegurl', cacheControl: 'max-age=60' });
    const [req] = server.requests;
    expect(req.method).toBe('PUT');
    // On an IP endpoint ali-oss leaves the bucket out of the URL; the signature still covers /bucket/key.
    expect(req.url).toBe('/out/a%20b.m3u8');
    expect(req.headers.authorization).toBe(`OSS STS.testkey:${ossV1Signature(req, '/media/out/a b.m3u8')}`);
    expect(req.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(req.headers['cache-control']).toBe('max-age=60');
    expect(req.headers['x-oss-security-token']).toBe('sts-token-value');
    expect(req.headers.authorization).toMatch(/^OSS STS\.testkey:/);
    expect(req.body.toString()).toBe('#EXTM3U');
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

  it('upload puts a small file in one request', async () => {
    respond = () => ({ headers: { etag: '"X"' } });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'oss-up-')), 'seg.ts');
    writeFileSync(file, 'segment');
    await store().upload('out/seg.ts', file, { contentType: 'video/mp2t' });
    expect(server.requests.map((r) => [r.method, r.url, r.body.toString()])).toEqual([['PUT', '/out/seg.ts', 'segment']]);
  });

  it('list follows continuation tokens (ListObjectsV2)', async () => {
    const page = (keys: string[], next?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>media</Name><Prefix>p/</Prefix><MaxKeys>1000</MaxKeys>` +
      `<KeyCount>${keys.length}</KeyCount>` +
      `<IsTruncated>${next ? 'true' : 'false'}</IsTruncated>${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}` +
      keys
        .map(
          (k) =>
            `<Contents><Key>${k}</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"X"</ETag>` +
            `<Size>1</Size><StorageClass>Standard</StorageClass></Contents>`,
        )
        .join('') +
      `</ListBucketResult>`;
    respond = (req) => ({
      headers: { 'content-type': 'application/xml' },
      body: req.url.includes('continuation-token=tok') ? page(['p/c']) : page(['p/a', 'p/b'], 'tok'),
    });
    expect(await store().list('p/')).toEqual(['p/a', 'p/b', 'p/c']);
    const urls = server.requests.map((r) => new URL(r.url, 'http://x'));
    expect(
      urls.map((u) => [u.pathname, u.searchParams.get('list-type'), u.searchParams.get('prefix'), u.searchParams.get('continuation-token')]),
    ).toEqual([
      ['/', '2', 'p/', null], // ali-oss omits the bucket from bucket-level paths on an IP endpoint
      ['/', '2', 'p/', 'tok'],
    ]);
  });
});
