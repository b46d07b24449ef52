import { FunctionSize } from '../core/function';
import { ILogSink, LogSinkProps } from '../core/log-sink';
import { BucketRef, SecureBucketProps } from '../core/secure-bucket';
import { TableProps, TableRef } from '../core/table-store';
import { Packaging, PrefetchScope, Rung, WatermarkPosition } from '../../runtime/media/settings';

export type { Packaging, PrefetchScope, Rung, WatermarkPosition };

export interface WatermarkProps {
  /** Key of a PNG in the source bucket, outside the upload prefix. */
  readonly key: string;
  /** @default 'bottom-right' */
  readonly position?: WatermarkPosition;
  /** Distance from the edges in pixels, 0-200. @default 16 */
  readonly marginPx?: number;
  /** Watermark width as a fraction of the video width, 0.02-0.5. @default 0.15 */
  readonly widthFraction?: number;
}

export interface ThumbnailProps {
  /** Thumbnails per video, 1-20, evenly spaced. @default 3 */
  readonly count?: number;
  /** Width in pixels (height follows the aspect ratio), 32-1920. @default 320 */
  readonly width?: number;
}

export interface CdnProps {
  /** The accelerated domain serving the output bucket, e.g. video.example.com. */
  readonly domain: string;
  /** What to prefetch when a job finishes. @default 'startup' (master and rendition playlists, first segments, first thumbnail) */
  readonly prefetch?: PrefetchScope;
  /** URLs prefetched per day at most; the CDN API allows 1,000 a day by default. @default 1000 */
  readonly dailyQuota?: number;
  /** @default 'domestic' */
  readonly area?: 'domestic' | 'overseas';
}

export interface MediaPipelineProps {
  /** Bring your own source bucket. Exclusive with `sourceBucketProps`. */
  readonly existingSourceBucket?: BucketRef;
  /** Settings of the source bucket the pattern creates. */
  readonly sourceBucketProps?: SecureBucketProps;
  /** Uploads under this prefix are processed. @default 'uploads/' */
  readonly inputPrefix?: string;
  /**
   * Uploads ending in one of these are processed, in any case (`IMG_0001.MOV` too): one OSS trigger
   * watches the prefix and the planner filters suffixes. At most 50. @default ['.mp4', '.mov', '.mkv', '.webm', '.m4v']
   */
  readonly inputSuffixes?: string[];

  /** Write outputs to a bucket you have. Exclusive with `outputBucketProps`. @default the source bucket */
  readonly existingOutputBucket?: BucketRef;
  /** Create a separate output bucket with these settings. @default outputs go to the source bucket */
  readonly outputBucketProps?: SecureBucketProps;
  /** Outputs of `uploads/a.mp4` go to `<outputPrefix>uploads/a.mp4/`. @default 'processed/' */
  readonly outputPrefix?: string;

  /** Renditions, highest first or in any order; those taller than the source are skipped. @default DEFAULT_LADDER */
  readonly ladder?: Rung[];
  /** @default 'hls' */
  readonly packaging?: Packaging;
  /** HLS segment length in seconds, 2-30. @default 6 */
  readonly segmentSeconds?: number;
  /** @default no watermark */
  readonly watermark?: WatermarkProps;
  /** `false` turns thumbnails off. @default { count: 3, width: 320 } */
  readonly thumbnails?: ThumbnailProps | false;
  /** Prefetch finished outputs to CDN. @default no CDN */
  readonly cdn?: CdnProps;

  /** Bring your own job table (primary key: jobId STRING). Exclusive with `jobTableProps`. */
  readonly existingJobTable?: TableRef;
  /** The job table: in the stack's shared Table Store instance unless `instanceName` or `separateInstance` is given. */
  readonly jobTableProps?: TableProps;
  /** Bring your own Log Service project and logstore. Exclusive with `logSinkProps`. */
  readonly existingLogSink?: ILogSink;
  readonly logSinkProps?: LogSinkProps;

  /**
   * A layer with ffmpeg and ffprobe in /opt/bin that lists the custom.debian10 runtime, instead of
   * FC's official FFmpeg6x. @default FC's official FFmpeg6x layer in the stack's region
   */
  readonly ffmpegLayerArn?: string;
  readonly planner?: FunctionSize;
  readonly transcoder?: FunctionSize;
  readonly failureHandler?: FunctionSize;
  /** The timer-driven reaper that fails jobs stuck past their deadline. */
  readonly reaper?: FunctionSize;
  /** Async retries of planner and transcoder before the failure handler takes over, 0-8. @default 2 */
  readonly maxRetries?: number;
  /** Seconds an async event may wait, 60-604800. @default 86400 */
  readonly maxEventAgeSeconds?: number;
}
