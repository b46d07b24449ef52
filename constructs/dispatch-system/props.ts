import type { ExistingLogSink, ExistingTableStore } from '../core/existing';
import { FunctionSize } from '../core/function';
import { LogSinkProps } from '../core/log-sink';
import { TableStoreProps } from '../core/table-store';

/** The Mobile Push (EMAS) app couriers and sellers are notified through. */
export interface PushProps {
  /** Mobile Push (EMAS) AppKey of your app: a number, as a string. */
  readonly appKey: string;
  /** APNs environment for iOS devices. @default 'PRODUCT' */
  readonly apnsEnv?: 'DEV' | 'PRODUCT';
}

/** How an order is offered to couriers. */
export interface OfferProps {
  /** Couriers offered an order at once, 1-20. @default 3 */
  readonly size?: number;
  /** Seconds to accept before the next candidates get the offer, 10-600. @default 30 */
  readonly ttlSeconds?: number;
  /** Offer rounds before giving up, 1-20. @default 5 */
  readonly maxRounds?: number;
}

export interface DispatchSystemProps {
  /**
   * Tags on every resource the pattern creates whose ROS type documents tags (buckets, functions, Log Service project,
   * API Gateway group, APIs and app, MNS topic, its own Table Store instance; not RAM roles, not the stack's shared instance): at most 20, keys 1-64
   * letters, digits, spaces or `+ - = . _ : /`. For the whole stack, give the stack `tags` instead.
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** The Mobile Push app the notifier sends through. */
  readonly push: PushProps;
  /**
   * Let anyone call the APIs. Without it, callers sign with the key of the app the pattern creates (API Gateway app
   * authorization).
   *
   * @default false
   */
  readonly anonymous?: boolean;
  /** Requests per minute each API accepts, 1-1000000. @default 6000 */
  readonly requestsPerMinute?: number;
  /** Protocols the APIs accept. @default 'HTTPS' */
  readonly protocol?: 'HTTPS' | 'HTTP,HTTPS';
  /** How orders are offered to couriers. @default - 3 couriers at once, 30 s to accept, 5 rounds */
  readonly offer?: OfferProps;
  /** Geohash precision of the courier location index, 5-8; precision 6 makes cells of about 1.2 km × 0.6 km. @default 6 */
  readonly cellPrecision?: number;
  /** Rings of neighbouring cells searched around the seller, 1-10. @default 3 */
  readonly maxRings?: number;
  /** Courier positions older than this are ignored, 5-3600 s. @default 60 */
  readonly locationMaxAgeSeconds?: number;
  /** Active orders a courier may carry at once, 1-20. @default 2 */
  readonly courierCapacity?: number;
  /** Metres of extra distance one active order (or an open offer of another order) costs a candidate, 0-100000. @default 500 */
  readonly loadPenaltyMeters?: number;
  /** Largest request body accepted, 256-1048576 bytes. @default 16384 */
  readonly maxBodyBytes?: number;
  /** Push attempts per notification before it is recorded as failed, 1-9; the notifier's async retries cover them. @default 5 */
  readonly maxSendAttempts?: number;

  /**
   * Bring your own Table Store instance: a name and endpoint, or the ROS CDK instance (`ots.Instance`). The pattern's
   * tables are created in it (`<id>_orders`, …) unless `existingTables` says it holds them already. Exclusive with
   * `tableStoreProps`.
   *
   * @default - the stack's shared instance (`tableStoreProps`)
   */
  readonly existingTableStore?: ExistingTableStore;
  /**
   * `existingTableStore` already holds the pattern's tables, named and keyed as in DISPATCH_TABLES (`orders`, …):
   * none are created. Only with `existingTableStore`.
   *
   * @default false
   */
  readonly existingTables?: boolean;
  /**
   * Where the tables (`<id>_orders`, ...) are created: the stack's shared instance unless `instanceName` or `separateInstance` is given.
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

  /** Size of the API function behind API Gateway. @default - 512 MB, 0.5 vCPU, 10 s, 1 request per instance */
  readonly apiFunction?: FunctionSize;
  /** Size of the notifier, which sends an order's pending notifications. @default - 512 MB, 0.25 vCPU, 30 s, 1 request per instance */
  readonly notifier?: FunctionSize;
  /**
   * Size of the offer sweeper, which moves expired offers on, every minute.
   *
   * @default - 512 MB, 0.5 vCPU, 60 s, 1 request per instance
   */
  readonly offerSweeper?: FunctionSize;
  /**
   * Size of the failure handler, which records notifier and sweeper events that failed after retries.
   *
   * @default - 512 MB, 0.25 vCPU, 30 s, 1 request per instance
   */
  readonly failureHandler?: FunctionSize;
  /**
   * Async retries of notifier and offer sweeper, 0-8. The notifier gets at least `maxSendAttempts - 1` (4 with the
   * defaults), so every send attempt has an invocation.
   *
   * @default 2
   */
  readonly maxRetries?: number;
  /** Seconds an async event may wait, 60-604800. @default 3600 */
  readonly maxEventAgeSeconds?: number;
}
