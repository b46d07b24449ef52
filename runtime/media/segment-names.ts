/**
 * Every HLS segment a job writes carries its version in its name: a newer upload of the same key writes files of its
 * own beside the published ones instead of over them, the playlists, written only at finalize, switch to its files in
 * one write each, and the files of a version nothing plays any more can be told apart and deleted
 * (retired-segments.ts). `1a2b3c4d_00000.ts` is a rendition's (or an audio track's) first segment,
 * `1a2b3c4d_003_00000.ts` chunk 3's first.
 */
import { createHash } from 'node:crypto';
import type { Job } from './jobs';

/**
 * A job's version tag: 8 hex digits of sha256(jobId, the planner invocation that claimed the row). The claim, not the
 * job id alone: the same upload planned again after its row expired (`retentionDays`) is a new claim, so its files
 * never carry the name of the version an older retirement deletes. Two versions of a key share a tag once in 4 billion.
 */
export function versionTag(job: Pick<Job, 'jobId' | 'claimedBy'>): string {
  return createHash('sha256').update(`${job.jobId}\0${job.claimedBy}`).digest('hex').slice(0, 8);
}

const index3 = (n: number) => String(n).padStart(3, '0');
const index5 = (n: number) => String(n).padStart(5, '0');

/** A whole-source rendition's or an audio track's segments: the ffmpeg pattern, and the file of segment `n`. */
export const segmentPattern = (tag: string) => `${tag}_%05d.ts`;
export const segmentFile = (tag: string, n: number) => `${tag}_${index5(n)}.ts`;

/** One chunk's segments of a rendition. */
export const chunkSegmentPattern = (tag: string, chunk: number) => `${tag}_${index3(chunk)}_%05d.ts`;
export const chunkSegmentFile = (tag: string, chunk: number, n: number) => `${tag}_${index3(chunk)}_${index5(n)}.ts`;

/** Whether `file` (a name inside an output folder) is a segment of the version `tag`, whole-source or chunk. */
export function isSegmentOf(tag: string, file: string): boolean {
  return /^[0-9a-f]{8}$/.test(tag) && new RegExp(`^${tag}_(\\d{3}_)?\\d{5}\\.ts$`).test(file);
}
