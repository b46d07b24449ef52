/**
 * ObjectStore on OSS through OssClient (V4-signed requests on node:https, oss-client.ts), with the invocation's STS
 * credentials. Keys are written with their content type and cache control.
 */
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { FcContext } from '../context';
import { bareETag, NotFoundError, PreconditionFailedError, type ObjectInfo, type ObjectStore, type PutOptions, type ReadableVersion } from '../ports';
import { OssClient, OssError } from './oss-client';

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
  constructor(
    private readonly oss: OssClient,
    readonly bucket: string,
  ) {}

  static fromContext(context: FcContext, options: OssObjectStoreOptions): OssObjectStore {
    const client = new OssClient({
      bucket: options.bucket,
      region: options.region ?? context.region,
      internal: options.internal ?? true,
      credentials: context.credentials,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
    return new OssObjectStore(client, options.bucket);
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const info = await this.oss.head(key);
    return info ? { key, ...info } : undefined;
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await this.oss.get(key);
    } catch (err) {
      throw isNotFound(err) ? this.notFound(key) : err;
    }
  }

  async download(key: string, filePath: string): Promise<void> {
    await mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
    try {
      await this.oss.download(key, filePath);
    } catch (err) {
      throw isNotFound(err) ? this.notFound(key) : err;
    }
  }

  async readableUrl(key: string, expiresInSeconds = 3600): Promise<string> {
    return this.oss.signedUrl(key, expiresInSeconds);
  }

  /**
   * A signed URL plus If-Match: GetObject answers 412 PreconditionFailed when the ETag differs
   * (https://www.alibabacloud.com/help/en/oss/developer-reference/getobject), and the header may be added to a signed
   * URL's request because a V4 URL signature covers only the verb, the resource, its query, and Content-Type,
   * Content-MD5 and x-oss-* headers (oss-v4-signature.ts). The HEAD first fails fast.
   */
  async readableVersion(key: string, eTag: string, expiresInSeconds = 3600): Promise<ReadableVersion> {
    const info = await this.head(key);
    if (!info) throw this.notFound(key);
    if (bareETag(info.etag) !== bareETag(eTag)) throw new PreconditionFailedError(`oss://${this.bucket}/${key} is no longer ETag ${eTag}`);
    return { url: await this.readableUrl(key, expiresInSeconds), headers: { 'If-Match': `"${bareETag(eTag)}"` } };
  }

  async put(key: string, body: Buffer | string, options: PutOptions = {}): Promise<void> {
    await this.oss.put(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : body, putHeaders(options));
  }

  /** One PutObject (up to 5 GB): the output of one part, which FC retries whole if it fails. */
  async upload(key: string, filePath: string, options: PutOptions = {}): Promise<void> {
    await this.oss.putFile(key, filePath, putHeaders(options));
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.oss.listPage(prefix, token);
      keys.push(...page.keys);
      token = page.next;
    } while (token);
    return keys;
  }

  async delete(key: string): Promise<void> {
    await this.oss.delete(key);
  }

  private notFound(key: string): NotFoundError {
    return new NotFoundError(`oss://${this.bucket}/${key} does not exist`);
  }
}

function putHeaders(options: PutOptions): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/octet-stream' };
  if (options.cacheControl) headers['cache-control'] = options.cacheControl;
  return headers;
}

function isNotFound(err: unknown): boolean {
  return err instanceof OssError && (err.status === 404 || err.code === 'NoSuchKey');
}
