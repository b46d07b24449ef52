/**
 * OSS signature V4 (OSS4-HMAC-SHA256), in the Authorization header and in a presigned URL. OSS stopped offering V1 to
 * new accounts on 2025-03-01 and to new buckets on 2025-09-01
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/guidelines-for-upgrading-v1-signatures-to-v4-signatures),
 * so every bucket a pattern creates needs V4. The algorithm
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/recommend-to-use-signature-version-4), as ali-oss 6.23
 * implements it (lib/common/signUtils.js getCanonicalRequest, getSignatureV4; lib/common/object/signatureUrlV4.js):
 *   canonical request = VERB \n URI-encoded "/bucket/key" (slashes kept) \n sorted, encoded query ("k" for a
 *     parameter without a value, "k=v" otherwise) \n "name:value\n" for content-type, content-md5 and every x-oss-*
 *     header, sorted \n additional headers (none here) \n "UNSIGNED-PAYLOAD"
 *   string to sign = "OSS4-HMAC-SHA256" \n yyyymmddTHHMMSSZ \n yyyymmdd/region/oss/aliyun_v4_request \n hex SHA-256 of it
 *   key = HMAC-SHA256 chain from "aliyun_v4" + secret over the date, the region, "oss", "aliyun_v4_request"
 * Headers outside the canonical set (Host, Range, If-Match, User-Agent) are not signed, so ffmpeg may send If-Match
 * on a presigned URL.
 */
import { createHash, createHmac } from 'node:crypto';

export const OSS_V4_ALGORITHM = 'OSS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface OssCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface OssRequest {
  method: string;
  bucket: string;
  /** The object key as stored (not encoded); absent for a bucket request such as ListObjectsV2. */
  key?: string;
  /** Query parameters; `null` for one without a value (`?uploads`). */
  query: Record<string, string | null>;
  /** Headers to send and sign (lowercase names). */
  headers: Record<string, string>;
}

/** RFC 3986 percent-encoding: encodeURIComponent and !'()* (ali-oss encodeString). */
export function ossEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The URL path of an object: each character of the key encoded, slashes kept. */
export function ossObjectPath(key: string): string {
  return `/${ossEncode(key).replace(/%2F/g, '/')}`;
}

/**
 * `k=v&k2` sorted by name (byte order), both encoded. In the canonical request a parameter without a value, or with an
 * empty one, is its bare name (the documentation, and the official Go and C# SDKs); on the wire an empty one is `k=`.
 */
export function ossQueryString(query: Record<string, string | null>, canonical = false): string {
  return Object.keys(query)
    .sort()
    .map((k) => {
      const value = query[k];
      return value === null || (canonical && value === '') ? ossEncode(k) : `${ossEncode(k)}=${ossEncode(value)}`;
    })
    .join('&');
}

/** yyyymmddTHHMMSSZ */
export function ossV4Timestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function ossCanonicalRequest(request: OssRequest): string {
  const headers = Object.keys(request.headers)
    .filter((h) => h === 'content-type' || h === 'content-md5' || h.startsWith('x-oss-'))
    .sort()
    .map((h) => `${h}:${request.headers[h].trim()}\n`)
    .join('');
  const uri = ossObjectPath(`${request.bucket}/${request.key ?? ''}`);
  return [
    request.method.toUpperCase(),
    uri,
    ossQueryString(request.query, true),
    headers,
    '',
    request.headers['x-oss-content-sha256'] ?? UNSIGNED_PAYLOAD,
  ].join('\n');
}

const scope = (timestamp: string, region: string) => `${timestamp.slice(0, 8)}/${region}/oss/aliyun_v4_request`;
const credential = (credentials: OssCredentials, timestamp: string, region: string) => `${credentials.accessKeyId}/${scope(timestamp, region)}`;

function signature(secret: string, timestamp: string, region: string, canonicalRequest: string): string {
  const date = timestamp.slice(0, 8);
  const hashedRequest = createHash('sha256').update(canonicalRequest).digest('hex');
  const stringToSign = [OSS_V4_ALGORITHM, timestamp, scope(timestamp, region), hashedRequest].join('\n');
  let key: Buffer = createHmac('sha256', `aliyun_v4${secret}`).update(date).digest();
  for (const part of [region, 'oss', 'aliyun_v4_request']) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/**
 * The headers a request sends: its own, x-oss-date, x-oss-content-sha256 UNSIGNED-PAYLOAD, the STS token, and the
 * Authorization (`OSS4-HMAC-SHA256 Credential=<id>/<date>/<region>/oss/aliyun_v4_request,Signature=<hex>`).
 */
export function signOssV4(request: OssRequest, credentials: OssCredentials, region: string, now: Date = new Date()): Record<string, string> {
  const timestamp = ossV4Timestamp(now);
  const headers: Record<string, string> = { ...request.headers, 'x-oss-date': timestamp, 'x-oss-content-sha256': UNSIGNED_PAYLOAD };
  if (credentials.securityToken) headers['x-oss-security-token'] = credentials.securityToken;
  const value = signature(credentials.accessKeySecret, timestamp, region, ossCanonicalRequest({ ...request, headers }));
  headers.authorization = `${OSS_V4_ALGORITHM} Credential=${credential(credentials, timestamp, region)},Signature=${value}`;
  return headers;
}

/** The query of a presigned URL valid `expiresInSeconds` (V4 allows at most 7 days). */
export function presignOssV4(
  request: Pick<OssRequest, 'method' | 'bucket' | 'key'>,
  credentials: OssCredentials,
  region: string,
  expiresInSeconds: number,
  now: Date = new Date(),
): Record<string, string> {
  if (!(Number.isInteger(expiresInSeconds) && expiresInSeconds > 0 && expiresInSeconds <= 7 * 86400)) {
    throw new Error(`a V4 presigned URL lasts 1 s to 7 days, not ${expiresInSeconds} s`);
  }
  const timestamp = ossV4Timestamp(now);
  const query: Record<string, string> = {
    'x-oss-credential': credential(credentials, timestamp, region),
    'x-oss-date': timestamp,
    'x-oss-expires': String(expiresInSeconds),
    'x-oss-signature-version': OSS_V4_ALGORITHM,
  };
  if (credentials.securityToken) query['x-oss-security-token'] = credentials.securityToken;
  query['x-oss-signature'] = signature(credentials.accessKeySecret, timestamp, region, ossCanonicalRequest({ ...request, query, headers: {} }));
  return query;
}
