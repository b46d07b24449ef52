import { FunctionSize } from '../core/function';
import { ILogSink, LogSinkProps } from '../core/log-sink';
import { TableStoreProps } from '../core/table-store';
import type { TimestampConvention } from '../../runtime/live/settings';

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

export interface RoomOutputProps {
  /** Pixels, even, 160-1920. @default 1280 */
  readonly width?: number;
  /** Pixels, even, 90-1080. @default 720 */
  readonly height?: number;
  /** Frames per second, 10-60. @default 30 */
  readonly fps?: number;
}

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
  /** What each mic is decoded to before it is scaled into its tile: even sizes, 64-1920 × 64-1080. @default 640 × 360 */
  readonly slotWidth?: number;
  readonly slotHeight?: number;
}

/**
 * LiveMuxCluster: co-host live rooms, each mixed by its own Function Compute invocation into one stream on
 * ApsaraVideo Live. Mics push to `ingestDomain`; the mixer pulls them from `playDomain` and pushes the mix back
 * to `ingestDomain`, where viewers play it from `playDomain`.
 */
export interface LiveMuxClusterProps {
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
  readonly signing?: LiveSigningProps;
  /** The output a room gets unless its create call asks for another. @default 1280 × 720 at 30 fps */
  readonly defaultOutput?: RoomOutputProps;
  readonly mixer?: MixerProps;
  /**
   * Let anyone call the room API.
   * @default false: callers sign with the key of the app the pattern creates (API Gateway app authorization)
   */
  readonly anonymous?: boolean;
  /** Requests per minute the room API accepts, 1-1000000. @default 6000 */
  readonly requestsPerMinute?: number;
  /** @default 'HTTPS' */
  readonly protocol?: 'HTTPS' | 'HTTP,HTTPS';
  /** Largest request body accepted, 256-1048576 bytes. @default 16384 */
  readonly maxBodyBytes?: number;

  /** Where the tables (`<id>_rooms`, `<id>_room_mics`) are created: the stack's shared instance unless told otherwise. */
  readonly tableStoreProps?: TableStoreProps;
  /** Bring your own Log Service project and logstore. Exclusive with `logSinkProps`. */
  readonly existingLogSink?: ILogSink;
  readonly logSinkProps?: LogSinkProps;
  /** A layer of your own instead of FFmpeg6x for the mixer (it must list custom.debian10 and put ffmpeg in /opt/bin). */
  readonly ffmpegLayerArn?: string;

  readonly roomApi?: FunctionSize;
  readonly callback?: FunctionSize;
  readonly watchdog?: FunctionSize;
  /** The mixer's instanceConcurrency must stay 1 (one room per instance). @default 2 vCPU, 4096 MB, 86400 s */
  readonly mixerFunction?: FunctionSize;
  /** Seconds a watchdog run or a mixer start may wait in FC's async queue, 60-604800. @default 3600 */
  readonly maxEventAgeSeconds?: number;
}
