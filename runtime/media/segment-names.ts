/**
 * Every HLS segment a job writes carries the job (the source version) in its name: a newer upload of the same key
 * writes files of its own beside the published ones instead of over them, the playlists, written only at finalize,
 * switch to its files in one write each, and the files of a version nothing plays any more can be told apart and
 * deleted (retired-segments.ts). `1a2b3c4d_00000.ts` is a rendition's (or an audio track's) first segment,
 * `1a2b3c4d_003_00000.ts` chunk 3's first.
 */

/** The first 8 hex digits of the job id: two versions of one key share them once in 4 billion. */
export const versionTag = (jobId: string) => jobId.slice(0, 8);

const index3 = (n: number) => String(n).padStart(3, '0');
const index5 = (n: number) => String(n).padStart(5, '0');

/** A whole-source rendition's or an audio track's segments: the ffmpeg pattern, and the file of segment `n`. */
export const segmentPattern = (jobId: string) => `${versionTag(jobId)}_%05d.ts`;
export const segmentFile = (jobId: string, n: number) => `${versionTag(jobId)}_${index5(n)}.ts`;

/** One chunk's segments of a rendition. */
export const chunkSegmentPattern = (jobId: string, chunk: number) => `${versionTag(jobId)}_${index3(chunk)}_%05d.ts`;
export const chunkSegmentFile = (jobId: string, chunk: number, n: number) => `${versionTag(jobId)}_${index3(chunk)}_${index5(n)}.ts`;

/** Whether `file` (a name inside an output folder) is a segment of the job `jobId` wrote, whole-source or chunk. */
export function isSegmentOf(jobId: string, file: string): boolean {
  return new RegExp(`^${versionTag(jobId)}_(\\d{3}_)?\\d{5}\\.ts$`).test(file);
}
