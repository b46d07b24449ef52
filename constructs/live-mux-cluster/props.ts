import type { ExistingLogSink } from '../core/existing';
import { FunctionSize } from '../core/function';
import { LogSinkProps } from '../core/log-sink';
import { TableStoreProps } from '../core/table-store';
import type { TimestampConvention } from '../../runtime/live/settings';

/** How the pattern signs push and play URLs (ApsaraVideo Live URL signing, type A). */
export interface LiveSigningProps {
  /**
   * What a signed URL's timestamp holds (ApsaraVideo Live's auth type A): `signing-time` as the current docs describe
   * (the URL expires the domain's validity period after it), or `expiry-time` as older samples do (the signing time plus
   * the lifetime below; the domain's validity period is then added on top of it by the server).
   * @default 'signing-time'
   */
  readonly timestampConvention?: TimestampConvention;
  /** Seconds a mic's push URL is valid for, 60-86400 (with `expiry-time`: added to the signing time). @default 3600 */
  readonly pushUrlLifetimeSeconds?: number;
  /** Seconds a viewer's play URL is valid for, 60-86400. @default 3600 */
  readonly playUrlLifetimeSeconds?: number;
}

/** The size and frame rate of a room's mixed stream. */
export interface RoomOutputProps {
  /** Pixels, even, 160-1920. @default 1280 */
  readonly width?: number;
  /** Pixels, even, 90-1080. @default 720 */
  readonly height?: number;
  /** Frames per second, 10-60. @default 30 */
  readonly fps?: number;
}

/** How each room's mixer runs and is watched. */
export interface MixerProps {
  /** The most mics a room shows at once, 1-9: the compositor's slots (each costs CPU even while empty). @default 4 */
  readonly maxMics?: number;
  /** A mixer with no live mic this long stops, 10-3600 s; it starts again when a mic publishes. @default 60 */
  readonly idleStopSeconds?: number;
  /**
   * How often a room's watchdog looks at its mixer's lease, 5-600 s: a dead mixer is restarted within 15 s (the lease)
   * plus this. @default 20
   */
  readonly watchdogIntervalSeconds?: number;
  /** How long a starting mixer has to take its first heartbeat before the watchdog starts another, 10-600 s. @default 30 */
  readonly startGraceSeconds?: number;
  /** Width each mic is decoded to before it is scaled into its tile: even, 64-1920 (640 × 360 is a 2x2 grid's tile at 720p). @default 640 */
  readonly slotWidth?: number;
  /** Height each mic is decoded to before it is scaled into its tile: even, 64-1080. @default 360 */
  readonly slotHeight?: number;
}

/**
 * LiveMuxCluster: co-host live rooms, each mixed by its own Function Compute invocation into one stream on
 * ApsaraVideo Live. Mics push to `ingestDomain`; the mixer pulls them from `playDomain` and pushes the mix back
 * to `ingestDomain`, where viewers play it from `playDomain`.
 */
export interface LiveMuxClusterProps {
  /**
   * Tags on every resource the pattern creates whose ROS type documents tags (buckets, functions, Log Service project,
   * API Gateway group, APIs and app, MNS topic, its own Table Store instance; not RAM roles, not the stack's shared instance): at most 20, keys 1-64
   * letters, digits, spaces or `+ - = . _ : /`. For the whole stack, give the stack `tags` instead.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** The ApsaraVideo Live ingest domain mics (and the mixer) push to, with URL signing (type A) on. */
  readonly ingestDomain: string;
  /** The streaming domain viewers (and the mixer) play from, associated with the ingest domain, with URL signing on. */
  readonly playDomain: string;
  /** The AppName the rooms' streams live under. @default 'live' */
  readonly appName?: string;
  /**
   * An encrypted OOS parameter (OOS parameter store, type Secret) holding the domains' keys as JSON
   * `{"push": …, "play": …, "callback": …}`: the ingest domain's auth key, the streaming domain's, and the callback
   * authentication key. @default - one is created from three NoEcho parameters of the stack (`<id>PushAuthKey`,
   * `<id>PlayAuthKey`, `<id>CallbackAuthKey`), encrypted with the KMS service key
   */
  readonly existingKeysParameterName?: string;
  /** How push and play URLs are signed. @default - timestamps are the signing time, URLs valid for 3600 s */
  readonly signing?: LiveSigningProps;
  /** The output a room gets unless its create call asks for another. @default - 1280 × 720 at 30 fps */
  readonly defaultOutput?: RoomOutputProps;
  /**
   * How each room's mixer runs and is watched.
   *
   * @default - 4 mics at most, stop after 60 s idle, watchdog every 20 s, 30 s to start, 640 × 360 slots
   */
  readonly mixer?: MixerProps;
  /**
   * Let anyone call the room API. Without it, callers sign with the key of the app the pattern creates (API Gateway app
   * authorization).
   * @default false
   */
  readonly anonymous?: boolean;
  /** Requests per minute the room API accepts, 1-1000000. @default 6000 */
  readonly requestsPerMinute?: number;
  /** Protocols the room API accepts. @default 'HTTPS' */
  readonly protocol?: 'HTTPS' | 'HTTP,HTTPS';
  /** Largest request body accepted, 256-1048576 bytes. @default 16384 */
  readonly maxBodyBytes?: number;

  /**
   * Where the tables (`<id>_rooms`, `<id>_room_mics`) are created: the stack's shared instance unless told otherwise.
   *
   * @default - the stack's shared instance
   */
  readonly tableStoreProps?: TableStoreProps;
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
   * @default - a project with a generated name, logstore 'function-logs', 30 days, 2 shards, the structured log and decision fields indexed
   */
  readonly logSinkProps?: LogSinkProps;
  /**
   * A layer of your own instead of FFmpeg6x for the mixer (it must list custom.debian10 and put ffmpeg in /opt/bin).
   *
   * @default - FC's official FFmpeg6x layer in the stack's region
   */
  readonly ffmpegLayerArn?: string;

  /** Size of the room API function. @default - 512 MB, 0.5 vCPU, 10 s, 1 request per instance */
  readonly roomApi?: FunctionSize;
  /** Size of the function checking ApsaraVideo Live's stream callbacks. @default - 512 MB, 0.5 vCPU, 10 s, 1 request per instance */
  readonly callback?: FunctionSize;
  /** Size of the watchdog, which restarts a mixer whose lease lapsed. @default - 512 MB, 0.25 vCPU, 30 s, 1 request per instance */
  readonly watchdog?: FunctionSize;
  /**
   * The mixer's instanceConcurrency must stay 1 (one room per instance), and its timeout be at least 600 s.
   *
   * @default - 4096 MB, 2 vCPU, 86400 s, 1 room per instance
   */
  readonly mixerFunction?: FunctionSize;
  /** Seconds a watchdog run or a mixer start may wait in FC's async queue, 60-604800. @default 3600 */
  readonly maxEventAgeSeconds?: number;
}
