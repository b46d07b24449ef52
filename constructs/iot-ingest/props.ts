import { FunctionSize } from '../core/function';
import { ILogSink, LogSinkProps } from '../core/log-sink';
import { TableStoreProps } from '../core/table-store';

/**
 * IotIngest, content part: the posts API, the posts table with its stream, the indexer and the
 * search index. (The device part, IoT Platform to Mobile Push, comes next.)
 */
export interface IotIngestProps {
  /** Let anyone call the content API. @default false: callers sign with the key of the app the pattern creates (API Gateway app authorization) */
  readonly anonymous?: boolean;
  /** Requests per minute each API accepts, 1-1000000. @default 6000 */
  readonly requestsPerMinute?: number;
  /** @default 'HTTPS' */
  readonly protocol?: 'HTTPS' | 'HTTP,HTTPS';
  /** Largest request body accepted, 256-1048576 bytes. @default 16384 */
  readonly maxBodyBytes?: number;
  /**
   * Hours the posts table's stream keeps records, 1-168 (Table Store's limit; it cannot be changed once set): how long the
   * Tablestore trigger keeps retrying a batch the indexer fails. @default 24
   */
  readonly streamExpirationHours?: number;

  /** Where the tables (`<id>_posts`, ...) are created: the stack's shared instance unless `instanceName` or `separateInstance` is given. */
  readonly tableStoreProps?: TableStoreProps;
  /** Bring your own Log Service project and logstore. Exclusive with `logSinkProps`. */
  readonly existingLogSink?: ILogSink;
  readonly logSinkProps?: LogSinkProps;

  readonly contentApi?: FunctionSize;
  /** The indexer's timeout may be at most 60 s: a Tablestore-triggered function must finish within 1 minute. */
  readonly indexer?: FunctionSize;
  readonly streamEnabler?: FunctionSize;
}
