/**
 * Every HLS file of a version but the master carries the version in its name: a newer upload of the same key writes
 * files of its own beside the published ones, never over them; nothing of it plays until its manifest and master are
 * written (finalize.ts), each one write that switches to it whole; and the files of a version nothing names any more
 * can be told apart and deleted (retired-segments.ts). `360p/1a2b3c4d.m3u8` is a rendition's playlist (an audio
 * track's: `audio/128k/1a2b3c4d.m3u8`), `1a2b3c4d_00000.ts` its first segment, `1a2b3c4d_003_00000.ts` chunk 3's first.
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

/** A rendition's or an audio track's playlist. */
export const playlistFile = (tag: string) => `${tag}.m3u8`;

/** The version a playlist file name names (`1a2b3c4d.m3u8`), or undefined for another name. */
export const playlistVersion = (file: string) => /^([0-9a-f]{8})\.m3u8$/.exec(file)?.[1];

/** Whether `file` (a name inside an output folder) is one of the version `tag`'s: a segment, whole-source or chunk, or its playlist. */
export function isFileOf(tag: string, file: string): boolean {
  return /^[0-9a-f]{8}$/.test(tag) && new RegExp(`^${tag}(_(\\d{3}_)?\\d{5}\\.ts|\\.m3u8)$`).test(file);
}
