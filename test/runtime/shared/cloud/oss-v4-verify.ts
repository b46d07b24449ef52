/**
 * Recomputes an OSS V4 signature from what arrived on the wire (header or presigned URL), written from the
 * documentation independently of the signer: canonical request, string to sign, the HMAC chain.
 */
import { createHash, createHmac } from 'node:crypto';
import type { CapturedRequest } from './loopback-server';

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The path as it arrived (not through `new URL`, which would resolve `.` and `..` segments) and the query. */
function canonical(
  method: string,
  bucket: string,
  pathname: string,
  params: URLSearchParams,
  headers: Record<string, string>,
  exclude: string[] = [],
): string {
  const key = decodeURIComponent(pathname.slice(1));
  const query = [...params.entries()]
    .filter(([k]) => !exclude.includes(k))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => (v === '' ? enc(k) : `${enc(k)}=${enc(v)}`))
    .join('&');
  const signed = Object.keys(headers)
    .filter((h) => h === 'content-type' || h === 'content-md5' || h.startsWith('x-oss-'))
    .sort()
    .map((h) => `${h}:${headers[h].trim()}\n`)
    .join('');
  return [method, `/${bucket}/${enc(key).replace(/%2F/g, '/')}`, query, signed, '', headers['x-oss-content-sha256'] ?? 'UNSIGNED-PAYLOAD'].join('\n');
}

function sign(secret: string, timestamp: string, region: string, canonicalRequest: string): string {
  const date = timestamp.slice(0, 8);
  const toSign = [
    'OSS4-HMAC-SHA256',
    timestamp,
    `${date}/${region}/oss/aliyun_v4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ];
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const key = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, date), region), 'oss'), 'aliyun_v4_request');
  return createHmac('sha256', key).update(toSign.join('\n')).digest('hex');
}

export function expectOssV4Header(req: CapturedRequest, bucket: string, secret: string, region = 'cn-hangzhou'): void {
  const auth = /^OSS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/oss\/aliyun_v4_request,Signature=([0-9a-f]{64})$/.exec(
    req.headers.authorization ?? '',
  );
  expect(auth).not.toBeNull();
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
  expect(auth![3]).toBe(region);
  expect(headers['x-oss-date'].slice(0, 8)).toBe(auth![2]);
  expect(headers['x-oss-content-sha256']).toBe('UNSIGNED-PAYLOAD');
  const [pathname, search = ''] = req.url.split('?');
  expect(auth![4]).toBe(sign(secret, headers['x-oss-date'], region, canonical(req.method, bucket, pathname, new URLSearchParams(search), headers)));
}

export function expectOssV4Url(signed: URL, bucket: string, secret: string, region = 'cn-hangzhou'): void {
  const q = signed.searchParams;
  expect(q.get('x-oss-signature-version')).toBe('OSS4-HMAC-SHA256');
  expect(q.get('x-oss-credential')).toMatch(new RegExp(`^[^/]+/\\d{8}/${region}/oss/aliyun_v4_request$`));
  const timestamp = q.get('x-oss-date')!;
  expect(q.get('x-oss-signature')).toBe(sign(secret, timestamp, region, canonical('GET', bucket, signed.pathname, q, {}, ['x-oss-signature'])));
}
