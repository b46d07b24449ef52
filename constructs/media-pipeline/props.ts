import type { ExistingBucket, ExistingFunction, ExistingLogSink, ExistingTable, TopicName } from '../core/existing';
import { FunctionSize } from '../core/function';
import { LogSinkProps } from '../core/log-sink';
import { SecureBucketProps } from '../core/secure-bucket';
import { TableProps } from '../core/table-store';
import { Packaging, PartLayout, PrefetchScope, Rung, WatermarkPosition } from '../../runtime/media/settings';

export type { Packaging, PartLayout, PrefetchScope, Rung, WatermarkPosition };

/** A PNG overlaid on every rendition. */
export interface WatermarkProps {
  /** Key of a PNG in the source bucket, outside the upload prefix. */
  readonly key: string;
  /** The corner the watermark sits in. @default 'bottom-right' */
  readonly position?: WatermarkPosition;
  /** Distance from the edges in pixels, 0-200. @default 16 */
  readonly marginPx?: number;
  /** Watermark width as a fraction of the video width, 0.02-0.5. @default 0.15 */
  readonly widthFraction?: number;
}

/** JPEG thumbnails of each video. */
export interface ThumbnailProps {
  /** Thumbnails per video, 1-20, evenly spaced. @default 3 */
  readonly count?: number;
  /** Width in pixels (height follows the aspect ratio), even, 32-1920. @default 320 */
  readonly width?: number;
}

/** Prefetching finished outputs to an Alibaba Cloud CDN domain. */
export interface CdnProps {
  /** The accelerated domain serving the output bucket, e.g. video.example.com. */
  readonly domain: string;
  /**
   * What to prefetch when a job finishes: `startup` is the master and rendition playlists, the first segments and the
   * first thumbnail; `playlists` the playlists only (the manifest with MP4); `all` every file the job published (its
   * own segments, not an older version's beside them).
   *
   * @default 'startup'
   */
  readonly prefetch?: PrefetchScope;
  /** URLs prefetched per day at most, 1-100000; the CDN API allows 1,000 a day by default. @default 1000 */
  readonly dailyQuota?: number;
  /** The CDN area prefetched to: mainland China (`domestic`) or outside it (`overseas`). @default 'domestic' */
  readonly area?: 'domestic' | 'overseas';
}

/**
 * Where the pattern tells of each job's end. Give one: an FC 3.0 event function of yours (`{ functionName }` or the
 * `fc3.Function`) or an MNS topic (`{ topicName }`), in the stack's region and account. It receives FC's asynchronous
 * result envelope whose `requestPayload` and `responsePayload` hold the notice: `{ eventId, type: 'media.job.done' |
 * 'media.job.failed', jobId, source, time, manifestKey?, manifest?, failure? }`, at least once per job (`eventId`
 * repeats on a repeat).
 */
export interface CompletionProps {
  /**
   * An FC 3.0 event function (HTTP functions cannot be destinations). Exclusive with `topic`.
   * @default - no function
   */
  readonly function?: ExistingFunction;
  /**
   * An MNS topic, by name (a literal or an attribute). Exclusive with `function`.
   * @default - no topic
   */
  readonly topic?: TopicName;
}

/** When and how long sources are cut into chunks rendered in parallel (MediaPipelineProps.chunking). */
export interface ChunkingProps {
  /** Sources up to this long are rendered whole; integer seconds, at least `chunkSeconds`. @default 60 */
  readonly minSourceSeconds?: number;
  /** About how long a chunk is; integer seconds, at least twice `segmentSeconds`, at most 3600. @default 30 */
  readonly chunkSeconds?: number;
}

export interface MediaPipelineProps {
  /**
   * Tags on every resource the pattern creates whose ROS type documents tags (buckets, functions, Log Service project,
   * API Gateway group, APIs and app, MNS topic, its own Table Store instance; not RAM roles, not the stack's shared instance): at most 20, keys 1-64
   * letters, digits, spaces or `+ - = . _ : /`. For the whole stack, give the stack `tags` instead.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Bring your own source bucket: its name (a token is fine), or the ROS CDK bucket (`oss.Bucket`). Exclusive with
   * `sourceBucketProps`.
   *
   * @default - a new bucket (`sourceBucketProps`)
   */
  readonly existingSourceBucket?: ExistingBucket;
  /**
   * Settings of the source bucket the pattern creates.
   *
   * @default - a private bucket, public access blocked, AES256 encryption, LRS, versioning off, a generated name
   */
  readonly sourceBucketProps?: SecureBucketProps;
  /** Uploads under this prefix are processed. @default 'uploads/' */
  readonly inputPrefix?: string;
  /**
   * Uploads ending in one of these are processed, in any case (`IMG_0001.MOV` too): one OSS trigger
   * watches the prefix and the planner filters suffixes. At most 50. @default ['.mp4', '.mov', '.mkv', '.webm', '.m4v']
   */
  readonly inputSuffixes?: string[];

  /** Write outputs to a bucket you have: its name, or the ROS CDK bucket. Exclusive with `outputBucketProps`. @default - the source bucket */
  readonly existingOutputBucket?: ExistingBucket;
  /** Create a separate output bucket with these settings. @default - outputs go to the source bucket */
  readonly outputBucketProps?: SecureBucketProps;
  /** Outputs of `uploads/a.mp4` go to `<outputPrefix>uploads/a.mp4/`. @default 'processed/' */
  readonly outputPrefix?: string;

  /**
   * Renditions, 1-10, highest first or in any order; those taller than the source are skipped.
   *
   * @default - DEFAULT_LADDER: 1080p 6000 kb/s, 720p 3000, 540p 2000, 360p 365, 234p 145 (audio 128/128/128/96/64 kb/s)
   */
  readonly ladder?: Rung[];
  /** HLS renditions and a master playlist (`hls`), or progressive MP4 renditions (`mp4`). @default 'hls' */
  readonly packaging?: Packaging;
  /**
   * How renditions share a decode of the source, i.e. waiting against paying: `latency` (a transcoder per rendition:
   * the fastest, every rendition decodes the source), `cost` (one transcoder for all: one decode, the least CPU, the
   * slowest), or `balanced` (the largest rendition alone, the others grouped from one decode as long as no group
   * outlasts it: about `latency`'s time for fewer decodes).
   * @default 'balanced'
   */
  readonly layout?: PartLayout;
  /** HLS segment length in seconds, 2-30. @default 6 */
  readonly segmentSeconds?: number;
  /**
   * Long sources in parallel (HLS): a source longer than `minSourceSeconds` is cut at its key frames into chunks of
   * about `chunkSeconds` (at most 32), every chunk of every part rendered by a transcoder of its own and the
   * playlists stitched, so a job waits for one chunk of its largest rendition; the audio is one track for the whole
   * source. `false`: every part renders the whole source.
   * @default { minSourceSeconds: 60, chunkSeconds: 30 }
   */
  readonly chunking?: ChunkingProps | false;
  /** A PNG overlaid on every rendition. @default - no watermark */
  readonly watermark?: WatermarkProps;
  /** `false` turns thumbnails off. @default { count: 3, width: 320 } */
  readonly thumbnails?: ThumbnailProps | false;
  /** Prefetch finished outputs to CDN. @default - no CDN */
  readonly cdn?: CdnProps;

  /**
   * Bring your own job table (primary key: jobId STRING), with its instance's name and endpoint or the `ots.Instance`.
   * Exclusive with `jobTableProps`.
   *
   * @default - a new table (`jobTableProps`)
   */
  readonly existingJobTable?: ExistingTable;
  /**
   * The job table: in the stack's shared Table Store instance unless `instanceName` or `separateInstance` is given.
   *
   * @default - a table `<id>_jobs` in the stack's shared instance, rows kept forever
   */
  readonly jobTableProps?: TableProps;
  /**
   * Bring your own logstore: names, an `sls.Logstore`, or an `sls.Project` with a logstore name. Exclusive with
   * `logSinkProps`.
   *
   * @default - a new log sink (`logSinkProps`)
   */
  readonly existingLogSink?: ExistingLogSink;
  /**
   * Settings of the Log Service project and logstore the pattern creates.
   *
   * @default - a project with a generated name, logstore 'function-logs', 30 days, 2 shards, the structured log fields indexed
   */
  readonly logSinkProps?: LogSinkProps;

  /**
   * A layer with ffmpeg and ffprobe in /opt/bin that lists the custom.debian10 runtime, instead of
   * FC's official FFmpeg6x. @default - FC's official FFmpeg6x layer in the stack's region
   */
  readonly ffmpegLayerArn?: string;
  /**
   * Size of the planner, which probes each upload and fans out the transcoders.
   *
   * @default - 1024 MB, 0.5 vCPU, 120 s, 4 concurrent requests per instance
   */
  readonly planner?: FunctionSize;
  /**
   * Size of the transcoder, which makes one rendition (or the thumbnails) of a job.
   *
   * @default - 4096 MB, 2 vCPU, 3600 s, 1 request per instance, 10240 MB disk
   */
  readonly transcoder?: FunctionSize;
  /**
   * Size of the failure handler, which records jobs that failed after their retries.
   *
   * @default - 512 MB, 0.25 vCPU, 60 s, 1 request per instance
   */
  readonly failureHandler?: FunctionSize;
  /**
   * The timer-driven reaper that fails jobs stuck past their deadline (it runs every 30 minutes).
   *
   * @default - 512 MB, 0.25 vCPU, 300 s, 1 request per instance
   */
  readonly reaper?: FunctionSize;
  /**
   * Tell a function or topic of yours when each job is done or failed (AWS's video-on-demand solution notifies the same
   * way): a completion notifier function is added, whose successful invocations FC delivers there.
   * @default - no notices
   */
  readonly completion?: CompletionProps;
  /**
   * Size of the completion notifier (only with `completion`).
   *
   * @default - 256 MB, 0.25 vCPU, 30 s, 1 request per instance
   */
  readonly completionNotifier?: FunctionSize;
  /** Async retries of the planner, transcoder, reaper and completion notifier before the failure handler takes over, 0-8. @default 2 */
  readonly maxRetries?: number;
  /** Seconds an async event may wait, 60-604800. @default 86400 */
  readonly maxEventAgeSeconds?: number;
}
