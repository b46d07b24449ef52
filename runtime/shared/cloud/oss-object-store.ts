/**
 * ObjectStore on OSS through ali-oss (provided by the FC nodejs20 runtime, so required lazily and
 * kept out of bundles). Uses the invocation's STS credentials.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FcContext } from '../context';
import { bareETag, NotFoundError, PreconditionFailedError, type ObjectInfo, type ObjectStore, type PutOptions, type ReadableVersion } from '../ports';

/** Above this, upload switches to multipart (OSS's single PUT tops out at 5 GB; 100 MB keeps retries cheap). */
export const MULTIPART_THRESHOLD = 100 * 1024 * 1024;

/** The part of ali-oss 6.19 this adapter uses. */
export interface AliOssClient {
  head(name: string): Promise<{ res: { headers: Record<string, string | undefined> } }>;
  get(name: string): Promise<{ content: Buffer }>;
  getStream(name: string): Promise<{ stream: Readable }>;
  signatureUrl(name: string, options: { expires: number; method?: string }): string;
  put(name: string, file: Buffer | string, options?: { headers?: Record<string, string>; mime?: string }): Promise<unknown>;
  multipartUpload(name: string, file: string, options?: { headers?: Record<string, string>; mime?: string }): Promise<unknown>;
  listV2(
    query: Record<string, string | number | undefined>,
    options?: object,
  ): Promise<{ objects?: Array<{ name: string }>; nextContinuationToken?: string | null; isTruncated?: boolean }>;
}

export interface OssObjectStoreOptions {
  bucket: string;
  /** Defaults to the function's region. */
  region?: string;
  /** Internal endpoint: free traffic inside the region. True by default, as code runs in FC. */
  internal?: boolean;
  /** Overrides region-based endpoint resolution (tests point it at a loopback server). */
  endpoint?: string;
}

export class OssObjectStore implements ObjectStore {
  private made?: AliOssClient;

  /**
   * `client`, or what makes it on the first call: a function whose handler never reaches OSS (the media reaper, the
   * completion notifier) never loads ali-oss, which takes about 140 ms of a cold start (bench "first invocation").
   */
  constructor(
    private readonly client: AliOssClient | (() => AliOssClient),
    readonly bucket: string,
  ) {}

  private get oss(): AliOssClient {
    this.made ??= typeof this.client === 'function' ? this.client() : this.client;
    return this.made;
  }

  static fromContext(context: FcContext, options: OssObjectStoreOptions): OssObjectStore {
    return new OssObjectStore(() => aliOssClient(context, options), options.bucket);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    try {
      const { res } = await this.oss.head(key);
      const contentType = res.headers['content-type'];
      return {
        key,
        size: Number(res.headers['content-length'] ?? 0),
        etag: res.headers.etag ?? '',
        ...(contentType ? { contentType } : {}),
      };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async get(key: string): Promise<Buffer> {
    try {
      return (await this.oss.get(key)).content;
    } catch (err) {
      throw isNotFound(err) ? this.notFound(key) : err;
    }
  }

  async download(key: string, filePath: string): Promise<void> {
    let stream: Readable;
    try {
      stream = (await this.oss.getStream(key)).stream;
    } catch (err) {
      throw isNotFound(err) ? this.notFound(key) : err;
    }
    await mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
    await pipeline(stream, createWriteStream(filePath));
  }

  async readableUrl(key: string, expiresInSeconds = 3600): Promise<string> {
    return this.oss.signatureUrl(key, { expires: expiresInSeconds, method: 'GET' });
  }

  /**
   * A signed URL plus If-Match: GetObject answers 412 PreconditionFailed when the ETag differs
   * (https://www.alibabacloud.com/help/en/oss/developer-reference/getobject), and the header may be added to a signed
   * URL's request because a V1 URL signature covers only the verb, Content-MD5, Content-Type, Expires, x-oss-* headers
   * and the resource (https://www.alibabacloud.com/help/en/oss/support/0002-00000074). The HEAD first fails fast.
   */
  async readableVersion(key: string, eTag: string, expiresInSeconds = 3600): Promise<ReadableVersion> {
    const info = await this.head(key);
    if (!info) throw this.notFound(key);
    if (bareETag(info.etag) !== bareETag(eTag)) throw new PreconditionFailedError(`oss://${this.bucket}/${key} is no longer ETag ${eTag}`);
    return { url: await this.readableUrl(key, expiresInSeconds), headers: { 'If-Match': `"${bareETag(eTag)}"` } };
  }

  async put(key: string, body: Buffer | string, options: PutOptions = {}): Promise<void> {
    await this.oss.put(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, putOptions(options));
  }

  async upload(key: string, filePath: string, options: PutOptions = {}): Promise<void> {
    const { size } = await stat(filePath);
    if (size > MULTIPART_THRESHOLD) await this.oss.multipartUpload(key, filePath, putOptions(options));
    else await this.oss.put(key, filePath, putOptions(options));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.oss.listV2({ prefix, 'max-keys': 1000, 'continuation-token': token });
      keys.push(...(page.objects ?? []).map((o) => o.name));
      token = (page.isTruncated && page.nextContinuationToken) || undefined;
    } while (token);
    return keys;
  }

  private notFound(key: string): NotFoundError {
    return new NotFoundError(`oss://${this.bucket}/${key} does not exist`);
  }
}

function putOptions(options: PutOptions): { headers?: Record<string, string>; mime?: string } {
  const headers: Record<string, string> = {};
  if (options.contentType) headers['Content-Type'] = options.contentType;
  if (options.cacheControl) headers['Cache-Control'] = options.cacheControl;
  return { headers, ...(options.contentType ? { mime: options.contentType } : {}) };
}

function isNotFound(err: unknown): boolean {
  const e = err as { status?: number; code?: string };
  return e?.status === 404 || e?.code === 'NoSuchKey';
}

/** The ali-oss client for the invocation's credentials. Lazy: ali-oss is the runtime's module, loaded on first use. */
function aliOssClient(context: FcContext, options: OssObjectStoreOptions): AliOssClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const OSS = require('ali-oss') as new (config: object) => AliOssClient;
  const { accessKeyId, accessKeySecret, securityToken } = context.credentials;
  return new OSS({
    region: `oss-${options.region ?? context.region}`,
    internal: options.internal ?? true,
    secure: true,
    accessKeyId,
    accessKeySecret,
    stsToken: securityToken,
    // The adapter lives for one invocation, whose context carries fresh STS keys; handing them
    // back as the "refresh" also keeps ali-oss from printing a non-JSON warning into the logs.
    ...(securityToken ? { refreshSTSToken: async () => ({ accessKeyId, accessKeySecret, stsToken: securityToken }) } : {}),
    bucket: options.bucket,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
}
