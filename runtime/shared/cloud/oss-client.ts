/**
 * The OSS calls the object store makes, over node:https (keep-alive-http.ts) with signature V4 (oss-v4-signature.ts): HeadObject,
 * GetObject (to memory or to a file), PutObject, ListObjectsV2, and presigned GET URLs. No SDK: ali-oss signs V1
 * unless told otherwise (6.20+ only), the runtimes provide whatever version they carry, and loading it cost a first
 * invocation about 140 ms (bench "first invocation").
 * Requests go to `https://<bucket>.oss-<region>[-internal].aliyuncs.com/<key>` (virtual-hosted style,
 * https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints); `endpoint` replaces the origin (tests).
 * Errors are OSS's XML `<Error><Code>…</Code><Message>…</Message>` (https://www.alibabacloud.com/help/en/oss/user-guide/error-responses)
 * as OssError with the HTTP status; HEAD answers have no body, so their code is the status's.
 */
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type * as http from 'node:http';
import { pipeline } from 'node:stream/promises';
import { readBody, responseHeader, sendRequest } from './keep-alive-http';
import { ossObjectPath, ossQueryString, presignOssV4, signOssV4, type OssCredentials } from './oss-v4-signature';

/** PutObject takes at most 5 GB (https://www.alibabacloud.com/help/en/oss/developer-reference/putobject). */
export const PUT_OBJECT_LIMIT = 5 * 1024 ** 3;
/** A request that sends or receives nothing for this long fails (ali-oss's default timeout was 60 s as well). */
const IDLE_TIMEOUT_MS = 60_000;

export class OssError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'OssError';
  }
}

export interface OssClientOptions {
  bucket: string;
  /** Region ID, e.g. `cn-hangzhou`. */
  region: string;
  /** The in-region endpoint, free of traffic charges; true in FC. */
  internal: boolean;
  credentials: OssCredentials;
  /** Replaces `https://<bucket>.oss-<region>…` (a loopback server in tests). */
  endpoint?: string;
}

export interface HeadResult {
  size: number;
  etag: string;
  contentType?: string;
}

interface Call {
  method: 'GET' | 'HEAD' | 'PUT' | 'DELETE';
  key?: string;
  query?: Record<string, string | null>;
  headers?: Record<string, string>;
  body?: Buffer | { file: string; size: number };
}

export class OssClient {
  private readonly origin: URL;

  constructor(private readonly options: OssClientOptions) {
    const host = `${options.bucket}.oss-${options.region}${options.internal ? '-internal' : ''}.aliyuncs.com`;
    this.origin = new URL(options.endpoint ?? `https://${host}`);
  }

  /** The object's size, ETag and type, or undefined when there is none. */
  async head(key: string): Promise<HeadResult | undefined> {
    const res = await this.send({ method: 'HEAD', key }, [200, 404]);
    res.resume();
    if (res.statusCode === 404) return undefined;
    const type = responseHeader(res, 'content-type');
    return {
      size: Number(responseHeader(res, 'content-length') ?? 0),
      etag: responseHeader(res, 'etag') ?? '',
      ...(type ? { contentType: type } : {}),
    };
  }

  async get(key: string): Promise<Buffer> {
    return readBody(await this.send({ method: 'GET', key }));
  }

  async download(key: string, filePath: string): Promise<void> {
    await pipeline(await this.send({ method: 'GET', key }), createWriteStream(filePath));
  }

  async put(key: string, body: Buffer, headers: Record<string, string>): Promise<void> {
    (await this.send({ method: 'PUT', key, headers, body })).resume();
  }

  async putFile(key: string, filePath: string, headers: Record<string, string>): Promise<void> {
    const { size } = await stat(filePath);
    if (size > PUT_OBJECT_LIMIT) throw new Error(`${filePath} is ${size} bytes: PutObject takes at most ${PUT_OBJECT_LIMIT}`);
    (await this.send({ method: 'PUT', key, headers, body: { file: filePath, size } })).resume();
  }

  /** One page of ListObjectsV2 (keys in order) and the token of the next. */
  async listPage(prefix: string, continuationToken?: string): Promise<{ keys: string[]; next?: string }> {
    const query: Record<string, string | null> = { 'list-type': '2', prefix, 'max-keys': '1000' };
    if (continuationToken) query['continuation-token'] = continuationToken;
    const xml = (await readBody(await this.send({ method: 'GET', query }))).toString('utf8');
    const keys = [...xml.matchAll(/<Contents>[\s\S]*?<Key>([\s\S]*?)<\/Key>[\s\S]*?<\/Contents>/g)].map((m) => xmlText(m[1]));
    const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
    const next = /<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1];
    return { keys, ...(truncated && next ? { next: xmlText(next) } : {}) };
  }

  /**
   * DeleteObject: OSS answers 204 whether or not the object existed
   * (https://www.alibabacloud.com/help/en/oss/developer-reference/deleteobject; RAM action oss:DeleteObject).
   */
  async delete(key: string): Promise<void> {
    (await this.send({ method: 'DELETE', key }, [204])).resume();
  }

  /** A presigned GET URL of the object, valid `expiresInSeconds`. */
  signedUrl(key: string, expiresInSeconds: number): string {
    const { bucket, credentials, region } = this.options;
    const query = presignOssV4({ method: 'GET', bucket, key }, credentials, region, expiresInSeconds);
    return `${this.origin.origin}${ossObjectPath(key)}?${ossQueryString(query)}`;
  }

  private async send(call: Call, accept: number[] = [200]): Promise<http.IncomingMessage> {
    const { bucket, credentials, region } = this.options;
    const query = call.query ?? {};
    const length = call.body === undefined ? 0 : Buffer.isBuffer(call.body) ? call.body.length : call.body.size;
    const own: Record<string, string> = {};
    for (const [name, value] of Object.entries(call.headers ?? {})) own[name.toLowerCase()] = value;
    const headers = signOssV4({ method: call.method, bucket, key: call.key ?? '', query, headers: own }, credentials, region);
    if (call.method === 'PUT') headers['content-length'] = String(length);
    const search = ossQueryString(query);
    // The path as signed: through `new URL` a key with `.` or `..` segments would be normalised into another key.
    const path = `${call.key === undefined ? '/' : ossObjectPath(call.key)}${search ? `?${search}` : ''}`;
    const body = call.body === undefined || Buffer.isBuffer(call.body) ? call.body : { file: call.body.file };
    const timeoutError = () => new Error(`OSS ${call.method} ${path}: no data for ${IDLE_TIMEOUT_MS} ms`);
    const res = await sendRequest({ origin: this.origin, path, method: call.method, headers, body, idleTimeoutMs: IDLE_TIMEOUT_MS, timeoutError });
    if (accept.includes(res.statusCode ?? 0)) return res;
    throw await ossError(res, call.method === 'HEAD');
  }
}

async function ossError(res: http.IncomingMessage, head: boolean): Promise<OssError> {
  const status = res.statusCode ?? 0;
  const text = head ? '' : (await readBody(res)).toString('utf8');
  if (head) res.resume();
  const field = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text)?.[1];
  const code = field('Code') ?? (status === 404 ? 'NoSuchKey' : status === 412 ? 'PreconditionFailed' : `HTTP${status}`);
  const requestId = field('RequestId') ?? responseHeader(res, 'x-oss-request-id');
  return new OssError(status, xmlText(code), `OSS answered ${status} ${code}: ${xmlText(field('Message') ?? text)}`, requestId);
}

/** XML character data: the five predefined entities and numeric references. */
function xmlText(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : named[e],
  );
}
