/**
 * The job table (primary key `jobId`, STRING) and every write the media functions make to it.
 * One row per source object version, plus one `cdn-quota#YYYY-MM-DD` row per day (`used` INTEGER, and per job
 * `grant_<jobId>` / `returned_<jobId>` INTEGER: what it was granted and gave back, see cdn-quota.ts).
 *
 * Job row columns:
 *   status        PLANNING → TRANSCODING → DONE, or FAILED
 *   bucket, key, eTag     the source object (key as stored, after URL-decoding was resolved); eTag pins the version:
 *                 every read sends If-Match, and nothing is published once the object has another ETag
 *   claimedBy     requestId of the planner invocation that owns the job (FC retries keep it)
 *   dispatchedBy  requestId of the planner once every transcoder invocation is queued: the failure handler of a
 *                 planner event fails only the jobs its invocation claimed and did not dispatch
 *   createdAt, updatedAt  epoch ms
 *   deadline      epoch ms INTEGER: renewed at each stage's progress (claim, TRANSCODING, part claim and DONE); an
 *                 unfinished job past it is failed by the reaper (runtime/media/reaper.ts, failureType DeadlineExceeded)
 *   source        JSON ProbeResult of the source (displayed size, coded size and rotation)
 *   plan          JSON Part[] — what the transcoders do
 *   partsTotal    INTEGER, partsDone INTEGER (INCREMENT, missing = 0)
 *   part<i>State  RUNNING | DONE,  part<i>By  requestId of the claiming transcoder,
 *   part<i>Result JSON PartResult (measured outputs; a chunk part's are its segments, [duration, bytes] each, and
 *                 the audio part's its tracks: chunks.ts)
 *   master, manifest      output keys, doneAt    (set when finalized)
 *   cdnBy         requestId of the finalizer that owns the prefetch (claimed once), cdnDay  the quota day it spends
 *   cdnBatch<i>State  SENDING | SENT | FAILED,  cdnBatch<i>Task  PushObjectCache task id (batches of 100 paths)
 *   cdnPrefetched, cdnUnconfirmed (sent by an attempt that died), cdnSkipped INTEGER, cdnTasks JSON string[],
 *   cdnStatus DONE | FAILED, cdnError
 *   failureReason, failureType (PermanentInputError, or FC's errorType), failedFunction, failedRequestId,
 *   failedPart, failedAt; after FC gave up also failedAttempts and failureRecord (key of the raw payload)
 *   retires       JSON {jobId, version, folders}: the published version this job's finalize replaced
 *   segmentsDeletedAt  epoch ms INTEGER: nothing is left of the version `retires` names nor, FAILED, of this job's
 *                 own segments (retired-segments.ts; the segments' version tag is of jobId and claimedBy)
 * Column names are Table Store-safe ([A-Za-z_][A-Za-z0-9_]*), hence part indexes, not names.
 */
import { createHash } from 'node:crypto';
import type { ProbeResult } from '../shared/ffmpeg';
import type { Attributes, PrimaryKey, TableStore } from '../shared/ports';
import { stitchRenditions, type AudioTrack, type Chunk, type ChunkRendition, type ChunkSegment } from './chunks';
import type { Rendition } from './ladder';

export type JobStatus = 'PLANNING' | 'TRANSCODING' | 'DONE' | 'FAILED';
export type PartState = 'RUNNING' | 'DONE';

/**
 * One unit of transcoder work: renditions made from one decode (one or more: part-layout.ts), of the whole source or
 * of one chunk of a long one (chunks.ts); a chunked job's audio tracks; or all thumbnails.
 */
export type Part =
  | { name: string; kind: 'renditions'; renditions: Rendition[]; chunk?: Chunk }
  | { name: 'audio'; kind: 'audio'; bitrates: number[] }
  | { name: 'thumbnails'; kind: 'thumbnails' };

export interface RenditionResult {
  kind: 'rendition';
  name: string;
  width: number;
  height: number;
  /** Peak bits/s (HLS: the largest segment's rate; MP4: the average). */
  bandwidth: number;
  averageBandwidth: number;
  /** RFC 6381 codecs, e.g. `avc1.64001e,mp4a.40.2`. */
  codecs: string;
  durationSeconds: number;
  /** HLS: the rendition playlist; MP4: the file. */
  key: string;
  /** HLS only. */
  segmentCount?: number;
  firstSegmentKeys?: string[];
  /**
   * HLS, a whole-source rendition: its segments ([duration, bytes], named segmentFile(versionTag(job), n)); its
   * playlist is written from them at finalize. Not in the manifest.
   */
  segments?: ChunkSegment[];
  /** A chunked job's rendition: the HLS audio group (EXT-X-MEDIA) it plays with; its own segments have no audio. */
  audioGroup?: string;
}

export interface ThumbnailsResult {
  kind: 'thumbnails';
  keys: string[];
}

/** What a renditions part made: one result per rendition, in the part's order. */
export interface RenditionsResult {
  kind: 'renditions';
  renditions: RenditionResult[];
}

/** What a chunk part made: its segments of each of its renditions (chunks.ts stitches them). */
export interface ChunkResult {
  kind: 'chunk';
  chunk: number;
  renditions: ChunkRendition[];
}

/** What a chunked job's audio part made: one track per bitrate. */
export interface AudioResult {
  kind: 'audio';
  tracks: AudioTrack[];
}

export type PartResult = RenditionsResult | ThumbnailsResult | ChunkResult | AudioResult;

/** Every rendition the job's parts have made so far, in plan order; a chunked job's stitched from its chunks. */
export function renditionResults(job: Pick<Job, 'jobId' | 'claimedBy' | 'plan' | 'parts'>): RenditionResult[] {
  const whole = job.parts.flatMap((p) => (p.result?.kind === 'renditions' ? p.result.renditions : []));
  return [...whole, ...stitchRenditions(job).map((s) => s.result)];
}

export interface Job {
  jobId: string;
  status: JobStatus;
  bucket: string;
  key: string;
  eTag: string;
  claimedBy: string;
  source?: ProbeResult;
  plan?: Part[];
  partsTotal?: number;
  partsDone: number;
  parts: Array<{ state?: PartState; by?: string; result?: PartResult }>;
  master?: string;
  manifest?: string;
  cdnBy?: string;
  failureReason?: string;
  raw: Attributes;
}

export const jobKey = (jobId: string): PrimaryKey => [['jobId', jobId]];

/** sha256(bucket \0 key \0 eTag), 32 hex chars: the same upload always maps to the same job. */
export function jobIdFor(bucket: string, key: string, eTag: string): string {
  return createHash('sha256').update(`${bucket}\0${key}\0${eTag}`).digest('hex').slice(0, 32);
}

export const partColumns = (index: number) => ({
  state: `part${index}State`,
  by: `part${index}By`,
  result: `part${index}Result`,
});



export function readJob(jobId: string, row: Attributes): Job {
  const plan = row.plan ? (JSON.parse(String(row.plan)) as Part[]) : undefined;
  return {
    jobId,
    status: String(row.status) as JobStatus,
    bucket: String(row.bucket ?? ''),
    key: String(row.key ?? ''),
    eTag: String(row.eTag ?? ''),
    claimedBy: String(row.claimedBy ?? ''),
    ...(row.source ? { source: JSON.parse(String(row.source)) as ProbeResult } : {}),
    ...(plan ? { plan } : {}),
    ...(typeof row.partsTotal === 'number' ? { partsTotal: row.partsTotal } : {}),
    partsDone: typeof row.partsDone === 'number' ? row.partsDone : 0,
    parts: (plan ?? []).map((_, i) => {
      const c = partColumns(i);
      return {
        ...(row[c.state] ? { state: String(row[c.state]) as PartState } : {}),
        ...(row[c.by] ? { by: String(row[c.by]) } : {}),
        ...(row[c.result] ? { result: JSON.parse(String(row[c.result])) as PartResult } : {}),
      };
    }),
    ...(row.master ? { master: String(row.master) } : {}),
    ...(row.manifest ? { manifest: String(row.manifest) } : {}),
    ...(row.cdnBy ? { cdnBy: String(row.cdnBy) } : {}),
    ...(row.failureReason ? { failureReason: String(row.failureReason) } : {}),
    raw: row,
  };
}

export async function getJob(jobs: TableStore, table: string, jobId: string): Promise<Job | undefined> {
  const row = await jobs.getRow(table, jobKey(jobId));
  return row ? readJob(jobId, row) : undefined;
}

