import { FunctionSize } from '../core/function';
import { ILogSink, LogSinkProps } from '../core/log-sink';
import { TableStoreProps, TableStoreRef } from '../core/table-store';

export interface PushProps {
  /** Mobile Push (EMAS) AppKey of your app: a number, as a string. */
  readonly appKey: string;
  /** APNs environment for iOS devices. @default 'PRODUCT' */
  readonly apnsEnv?: 'DEV' | 'PRODUCT';
}

export interface OfferProps {
  /** Couriers offered an order at once, 1-20. @default 3 */
  readonly size?: number;
  /** Seconds to accept before the next candidates get the offer, 10-600. @default 30 */
  readonly ttlSeconds?: number;
  /** Offer rounds before giving up, 1-20. @default 5 */
  readonly maxRounds?: number;
}

export interface DispatchSystemProps {
  readonly push: PushProps;
  /** Let anyone call the APIs. @default false: callers sign with the key of the app the pattern creates (API Gateway app authorization) */
  readonly anonymous?: boolean;
  /** Requests per minute each API accepts, 1-1000000. @default 6000 */
  readonly requestsPerMinute?: number;
  /** @default 'HTTPS' */
  readonly protocol?: 'HTTPS' | 'HTTP,HTTPS';
  readonly offer?: OfferProps;
  /** Geohash precision of the courier location index, 5-8. @default 6 (cells of about 1.2 km × 0.6 km) */
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

  /** Bring your own Table Store instance that already holds the pattern's tables, named as in DISPATCH_TABLES. Exclusive with `tableStoreProps`. */
  readonly existingTableStore?: TableStoreRef;
  /** Where the tables (`<id>_orders`, ...) are created: the stack's shared instance unless `instanceName` or `separateInstance` is given. */
  readonly tableStoreProps?: TableStoreProps;
  /** Bring your own Log Service project and logstore. Exclusive with `logSinkProps`. */
  readonly existingLogSink?: ILogSink;
  readonly logSinkProps?: LogSinkProps;

  readonly apiFunction?: FunctionSize;
  readonly notifier?: FunctionSize;
  readonly offerSweeper?: FunctionSize;
  readonly failureHandler?: FunctionSize;
  /** Async retries of notifier and offer sweeper, 0-8. @default 2 */
  readonly maxRetries?: number;
  /** Seconds an async event may wait, 60-604800. @default 3600 */
  readonly maxEventAgeSeconds?: number;
}
