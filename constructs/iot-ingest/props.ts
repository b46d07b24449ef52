import type { ExistingLogSink } from '../core/existing';
import { FunctionSize } from '../core/function';
import { LogSinkProps } from '../core/log-sink';
import { TableStoreProps } from '../core/table-store';

/** The Mobile Push (EMAS) app device owners are notified through. */
export interface IotPushProps {
  /** Mobile Push (EMAS) AppKey of your app: a number, as a string. */
  readonly appKey: string;
  /** APNs environment for iOS devices. @default 'PRODUCT' */
  readonly apnsEnv?: 'DEV' | 'PRODUCT';
}

/** Hours of the day in which notifications wait. */
export interface QuietHoursProps {
  /** `HH:MM` local time when quiet hours start. */
  readonly start: string;
  /** `HH:MM` local time when they end (before start: they cross midnight). */
  readonly end: string;
  /** Minutes east of UTC of the local time, -720 to 840, e.g. 480 for China Standard Time. */
  readonly utcOffsetMinutes: number;
}

/** The device part: which IoT Platform product is followed and when owners are told of transitions. */
export interface DevicesProps {
  /** The IoT Platform product whose devices are followed. @default - a product is created (senior edition, Alink JSON) */
  readonly existingProductKey?: string;
  /** Name of the product the pattern creates, 4-30 letters, digits and underscores. @default - generated from the construct path */
  readonly productName?: string;
  /**
   * The IoT Platform instance the product and rules live in. Required when the instance has an id (Enterprise instances,
   * and public instances of the new version): CreateProduct and CreateRule fail without it
   * (https://www.alibabacloud.com/help/doc-detail/69495.html). @default - the account's public instance (no id)
   */
  readonly iotInstanceId?: string;
  /** Seconds a new status must hold before owners are told, 0-3600; a flap back within it tells nobody. @default 30 */
  readonly debounceSeconds?: number;
  /**
   * At most one notification per device in this many seconds, 0-86400. Later transitions wait and are coalesced: owners
   * are then told the status of that moment. @default 60
   */
  readonly minNotifyIntervalSeconds?: number;
  /** Transitions decided in quiet hours wait until they end. @default - none */
  readonly quietHours?: QuietHoursProps;
  /** Push attempts per notification before it is recorded as failed, 1-9; the transition check's async retries cover them. @default 3 */
  readonly maxSendAttempts?: number;
}

/**
 * IotIngest: the content part (posts API, posts table with its stream, indexer, search index) and the
 * device part (IoT Platform rules → MNS topic → status function → deferred transition checks → Mobile Push).
 */
export interface IotIngestProps {
  /**
   * Tags on every resource the pattern creates whose ROS type documents tags (buckets, functions, Log Service project,
   * API Gateway group, APIs and app, MNS topic, its own Table Store instance; not RAM roles, not the stack's shared instance): at most 20, keys 1-64
   * letters, digits, spaces or `+ - = . _ : /`. For the whole stack, give the stack `tags` instead.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** Your Mobile Push app, which device owners' phones run. */
  readonly push: IotPushProps;
  /**
   * The device part: the IoT Platform product followed and when owners are told.
   *
   * @default - a product is created; transitions hold 30 s, one notification a minute per device at most, no quiet hours, 3 send attempts
   */
  readonly devices?: DevicesProps;
  /**
   * Let anyone call the content and device APIs. Without it, callers sign with the key of the app the pattern creates
   * (API Gateway app authorization).
   * @default false
   */
  readonly anonymous?: boolean;
  /** Requests per minute each API accepts, 1-1000000. @default 6000 */
  readonly requestsPerMinute?: number;
  /** Protocols the APIs accept. @default 'HTTPS' */
  readonly protocol?: 'HTTPS' | 'HTTP,HTTPS';
  /** Largest request body accepted, 256-1048576 bytes. @default 16384 */
  readonly maxBodyBytes?: number;
  /**
   * Hours the posts table's stream keeps records, 1-168 (Table Store's limit; it cannot be changed once set): how long the
   * Tablestore trigger keeps retrying a batch the indexer fails. @default 24
   */
  readonly streamExpirationHours?: number;

  /**
   * Where the tables (`<id>_posts`, ...) are created: the stack's shared instance unless `instanceName` or `separateInstance` is given.
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

  /** Size of the content API function. @default - 512 MB, 0.5 vCPU, 10 s, 1 request per instance */
  readonly contentApi?: FunctionSize;
  /**
   * The indexer's timeout may be at most 60 s: a Tablestore-triggered function must finish within 1 minute.
   *
   * @default - 512 MB, 0.5 vCPU, 60 s, 1 request per instance
   */
  readonly indexer?: FunctionSize;
  /**
   * Size of the stream enabler, the custom resource that turns on the posts table's stream at deploy time.
   *
   * @default - 512 MB, 0.25 vCPU, 120 s, 1 request per instance
   */
  readonly streamEnabler?: FunctionSize;
  /** Size of the device API function (owners). @default - 512 MB, 0.5 vCPU, 10 s, 1 request per instance */
  readonly deviceApi?: FunctionSize;
  /**
   * Size of the device status function, which the devices topic triggers.
   *
   * @default - 512 MB, 0.5 vCPU, 30 s, 1 request per instance
   */
  readonly deviceStatus?: FunctionSize;
  /**
   * Size of the transition check, which decides and pushes a transition once it held.
   *
   * @default - 512 MB, 0.5 vCPU, 60 s, 1 request per instance
   */
  readonly transitionCheck?: FunctionSize;
  /**
   * Size of the device failure handler, which runs the checks FC gave up on once more.
   *
   * @default - 512 MB, 0.25 vCPU, 60 s, 1 request per instance
   */
  readonly deviceFailure?: FunctionSize;
  /**
   * Async retries of the transition check, 0-8; at least `devices.maxSendAttempts - 1`, so every send attempt has an
   * invocation.
   *
   * @default 2
   */
  readonly maxRetries?: number;
  /** Seconds a transition check may wait in FC's async queue, 60-604800. @default 3600 */
  readonly maxEventAgeSeconds?: number;
}
