/**
 * A job is for one version of its source (the ETag of its upload event). A re-upload under the same key is a new
 * version with its own job, writing to the same output prefix: the old job must neither read the new bytes (reads
 * are pinned with If-Match) nor publish anything once the version changed (checked right before every upload).
 */
import { FfmpegError } from '../shared/ffmpeg';
import { bareETag, PreconditionFailedError, type ObjectStore, type ReadableVersion } from '../shared/ports';

/** Signed URLs handed to ffprobe/ffmpeg outlive a long transcode. */
export const SOURCE_URL_SECONDS = 6 * 3600;

export function readPinned(store: ObjectStore, key: string, eTag: string): Promise<ReadableVersion> {
  return store.readableVersion(key, eTag, SOURCE_URL_SECONDS);
}

/** Why the object no longer has the job's version, or undefined while it has. */
export async function sourceChange(store: ObjectStore, key: string, eTag: string): Promise<string | undefined> {
  const now = (await store.head(key))?.etag;
  if (now !== undefined && bareETag(now) === bareETag(eTag)) return undefined;
  const reason = `oss://${store.bucket}/${key} is now ${now === undefined ? 'gone' : `ETag ${bareETag(now)}`}`;
  return `source changed: ETag ${bareETag(eTag)} is no longer the object's (${reason}); the new upload has its own job`;
}

/** Throws PreconditionFailedError unless the object still has the job's version. */
export async function assertSourceUnchanged(store: ObjectStore, key: string, eTag: string): Promise<void> {
  const change = await sourceChange(store, key, eTag);
  if (change) throw new PreconditionFailedError(change);
}

/**
 * Why a failed read failed because the version changed, or undefined when it did not: our own check words it, and
 * OSS refusing ffmpeg's If-Match read answers 412, which ffmpeg reports only as "Server returned 4XX Client Error, but
 * not one of 40{0,1,3,4}" (libavformat/http.c; seen with the npm static ffmpeg against a server answering 412): a HEAD decides.
 */
export async function sourceChangedBy(err: unknown, store: ObjectStore, key: string, eTag: string): Promise<string | undefined> {
  if (err instanceof PreconditionFailedError || (err as { code?: unknown } | null)?.code === 'PreconditionFailed') {
    const message = (err as Error).message;
    return message.startsWith('source changed') ? message : `source changed: ${message}; the new upload has its own job`;
  }
  if (err instanceof FfmpegError && /Server returned (412|4XX Client Error)/.test(err.stderrTail)) return sourceChange(store, key, eTag);
  return undefined;
}
