/**
 * A bucket as a folder: `<rootDir>/<bucket>/<key>`. Mirrors OSS where handlers can tell:
 * ETag is the quoted upper-case MD5 hex of the content (OSS's value for simple uploads), keys
 * list in byte order, absent objects throw NotFoundError, and a reader never sees half a write.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { bareETag, NotFoundError, PreconditionFailedError, type ObjectInfo, type ObjectStore, type PutOptions, type ReadableVersion } from '../ports';

export class LocalObjectStore implements ObjectStore {
  private readonly bucketDir: string;
  /** Content types live outside the bucket folder so they never show up as objects. */
  private readonly metaDir: string;
  /** Same filesystem as the bucket, so rename is atomic; outside it, so list never sees temp files. */
  private readonly tmpDir: string;

  constructor(
    rootDir: string,
    readonly bucket: string,
  ) {
    const root = path.resolve(rootDir);
    this.bucketDir = path.join(root, bucket);
    this.metaDir = path.join(root, '.meta', bucket);
    this.tmpDir = path.join(root, '.tmp');
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    const file = this.pathOf(key);
    let content: Buffer;
    try {
      content = await fs.readFile(file);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
    const contentType = await this.readContentType(key);
    return { key, size: content.length, etag: ossEtag(content), ...(contentType ? { contentType } : {}) };
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (err) {
      throw isMissing(err) ? notFound(this.bucket, key) : err;
    }
  }

  async download(key: string, filePath: string): Promise<void> {
    await fs.mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
    try {
      await fs.copyFile(this.pathOf(key), filePath);
    } catch (err) {
      throw isMissing(err) ? notFound(this.bucket, key) : err;
    }
  }

  /** The file path: ffmpeg reads it as it would read a signed URL. */
  async readableUrl(key: string): Promise<string> {
    return this.pathOf(key);
  }

  /** A file cannot refuse a read of a later version, so the ETag is checked now; readers re-check before publishing. */
  async readableVersion(key: string, eTag: string): Promise<ReadableVersion> {
    const info = await this.head(key);
    if (!info) throw notFound(this.bucket, key);
    if (bareETag(info.etag) !== bareETag(eTag)) throw new PreconditionFailedError(`oss://${this.bucket}/${key} is no longer ETag ${eTag}`);
    return { url: await this.readableUrl(key), headers: {} };
  }

  async put(key: string, body: Buffer | string, options: PutOptions = {}): Promise<void> {
    await this.writeAtomically(key, (tmp) => fs.writeFile(tmp, body));
    await this.writeContentType(key, options.contentType);
  }

  async upload(key: string, filePath: string, options: PutOptions = {}): Promise<void> {
    await this.writeAtomically(key, (tmp) => fs.copyFile(filePath, tmp));
    await this.writeContentType(key, options.contentType);
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if (isMissing(err)) return;
        throw err;
      }
      for (const entry of entries) {
        const key = keyPrefix + entry.name;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), key + '/');
        else if (key.startsWith(prefix)) keys.push(key);
      }
    };
    await walk(this.bucketDir, '');
    // OSS lists in UTF-8 byte order.
    return keys.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
    await fs.rm(this.metaPath(key), { force: true });
  }

  private pathOf(key: string): string {
    const file = path.resolve(this.bucketDir, key);
    if (key === '' || key.endsWith('/') || !file.startsWith(this.bucketDir + path.sep)) {
      throw new Error(`object key ${JSON.stringify(key)} cannot be stored in a local folder`);
    }
    return file;
  }

  private async writeAtomically(key: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(this.tmpDir, { recursive: true });
    await fs.mkdir(path.dirname(target), { recursive: true });
    const tmp = path.join(this.tmpDir, randomUUID());
    try {
      await write(tmp);
      await fs.rename(tmp, target);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  }

  private metaPath(key: string): string {
    return path.join(this.metaDir, `${encodeURIComponent(key)}.json`);
  }

  private async writeContentType(key: string, contentType: string | undefined): Promise<void> {
    if (contentType === undefined) {
      await fs.rm(this.metaPath(key), { force: true });
      return;
    }
    await fs.mkdir(this.metaDir, { recursive: true });
    await fs.writeFile(this.metaPath(key), JSON.stringify({ contentType }));
  }

  private async readContentType(key: string): Promise<string | undefined> {
    try {
      return (JSON.parse(await fs.readFile(this.metaPath(key), 'utf8')) as { contentType?: string }).contentType;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }
}

/** OSS's ETag of a simple upload: `"<MD5 hex, upper case>"`. */
export function ossEtag(content: Buffer): string {
  return `"${createHash('md5').update(content).digest('hex').toUpperCase()}"`;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function notFound(bucket: string, key: string): NotFoundError {
  return new NotFoundError(`oss://${bucket}/${key} does not exist`);
}
