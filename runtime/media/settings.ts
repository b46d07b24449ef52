/**
 * The contract between the MediaPipeline construct and its functions: the construct renders these
 * environment variables, the handlers read them. One place, so the two sides cannot drift.
 */
import type { FunctionManifest } from '../shared/function-manifest';

/** How renditions share decodes of the source (runtime/media/part-layout.ts). */
export const PART_LAYOUTS = ['latency', 'balanced', 'cost'] as const;
export type PartLayout = (typeof PART_LAYOUTS)[number];

/** The pattern's functions: planner and transcoder run ffmpeg; both hand what still fails to the failure handler. */
export const MEDIA_FUNCTIONS = {
  planner: { handler: 'planner', runtime: 'ffmpeg', invocation: 'async', onFailure: 'failureHandler' },
  transcoder: { handler: 'transcoder', runtime: 'ffmpeg', invocation: 'async', onFailure: 'failureHandler' },
  failureHandler: { handler: 'failure', runtime: 'nodejs20', invocation: 'async', retries: 'terminal' },
  /** Timer-driven: fails jobs whose handlers and failure handler all gave up. */
  reaper: { handler: 'reaper', runtime: 'nodejs20', invocation: 'async', onFailure: 'failureHandler' },
  /** Only with a completion destination: tells it of each job's end (completion.ts); FC delivers its return there. */
  completionNotifier: { handler: 'completion-notifier', runtime: 'nodejs20', invocation: 'async', onFailure: 'failureHandler' },
} as const satisfies FunctionManifest;

/** Async retries of planner and transcoder unless the construct's `maxRetries` says otherwise (local runs use it too). */
export const MEDIA_DEFAULT_RETRIES = 2;

export type Packaging = 'hls' | 'mp4';
export type WatermarkPosition = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
export type PrefetchScope = 'startup' | 'playlists' | 'all';

/**
 * How long a version's segments outlive the playlists that named them before the reaper deletes them
 * (retired-segments.ts): a player that loaded the old playlists keeps playing them that long after the new version is
 * published. The job table's rows must outlive a job by more than this (the construct checks `retentionDays`).
 */
export const RETIRED_SEGMENTS_GRACE_SECONDS = 12 * 3600;

export interface Rung {
  /** Name used in output paths, e.g. "720p". */
  name: string;
  /**
   * The output's shorter side in pixels: its height in landscape, its width in portrait (a 720p rung
   * makes 1280x720 and 720x1280); the other side follows the source aspect ratio (even).
   */
  height: number;
  /** Video bitrate in kb/s. */
  videoBitrate: number;
  /** Audio bitrate in kb/s. */
  audioBitrate: number;
}

export interface Chunking {
  minSourceSeconds: number;
  chunkSeconds: number;
}

export interface MediaSettings {
  /** Key prefix uploads arrive under, e.g. "uploads/". */
  inputPrefix: string;
  /**
   * Suffixes of the uploads processed, matched case-insensitively (`IMG_0001.MOV` matches ".mov").
   * The trigger filters on the prefix only; the planner filters suffixes (runtime/media/uploads.ts).
   */
  inputSuffixes: string[];
  /** Key prefix outputs are written under, e.g. "processed/"; outputs of `uploads/a.mp4` go to `processed/uploads/a.mp4/`. */
  outputPrefix: string;
  /** The renditions to make (those taller than the source are skipped). */
  ladder: Rung[];
  /** How renditions share decodes (part-layout.ts); absent: one part per rendition, as before layouts existed. */
  layout?: PartLayout;
  /** HLS renditions with a master playlist, or progressive MP4. */
  packaging: Packaging;
  /** HLS segment duration in seconds. */
  segmentSeconds: number;
  /**
   * Long sources in parallel (HLS only, runtime/media/chunks.ts): a source longer than `minSourceSeconds` is cut at
   * its key frames into chunks of about `chunkSeconds`, each chunk's renditions rendered by their own invocations,
   * the source's audio by one, and the playlists stitched. Absent: every part renders the whole source.
   */
  chunking?: Chunking;
  /** The watermark overlaid on every rendition, defaults applied; absent for none. */
  watermark?: { key: string; position: WatermarkPosition; marginPx: number; widthFraction: number };
  /** The thumbnails made of each video, defaults applied; absent when turned off. */
  thumbnails?: { count: number; width: number };
  /** CDN prefetching of finished outputs, defaults applied; absent for none. */
  cdn?: { domain: string; prefetch: PrefetchScope; dailyQuota: number; area: 'domestic' | 'overseas' };
  /**
   * How long a stage of a job may go without progress before the reaper fails the job: longer than FC
   * can still deliver its event (MaxAsyncEventAge) plus the longest function timeout, so a job FC may
   * still retry is never reaped.
   */
  stageDeadlineSeconds: number;
  /** Tell the construct's completion destination of each job's end (DONE or FAILED); absent without one. */
  notifyCompletion?: boolean;
}

/** Environment variable names, rendered by the construct and read by the handlers. */
export const MEDIA_ENV = {
  settings: 'MEDIA_SETTINGS',
  sourceBucket: 'SOURCE_BUCKET',
  outputBucket: 'OUTPUT_BUCKET',
  jobTable: 'JOB_TABLE',
  otsInstance: 'OTS_INSTANCE',
  otsEndpoint: 'OTS_ENDPOINT',
  transcoderFunction: 'TRANSCODER_FUNCTION',
  notifierFunction: 'NOTIFIER_FUNCTION',
  failureBucket: 'FAILURE_BUCKET',
  failurePrefix: 'FAILURE_PREFIX',
} as const;

/** Where the outputs of one source object go. */
export function outputKeyPrefix(settings: Pick<MediaSettings, 'outputPrefix'>, sourceKey: string): string {
  return `${settings.outputPrefix}${sourceKey}/`;
}
