/**
 * Ports: what handlers need from the cloud, and nothing about how it is reached.
 * Cloud adapters (Function Compute) and local adapters (a laptop, tests) implement them with
 * the same semantics, so a handler never knows which one it runs on.
 */

/** One bucket of object storage (OSS in the cloud, a folder locally). */
export interface ObjectStore {
  readonly bucket: string;
  /** Metadata of an object, or undefined when it does not exist. */
  head(key: string): Promise<ObjectInfo | undefined>;
  /** Whole object in memory; throws NotFoundError when absent. For small objects (manifests, images). */
  get(key: string): Promise<Buffer>;
  /** Copies an object to a local file; throws NotFoundError when absent. */
  download(key: string, filePath: string): Promise<void>;
  /**
   * A location ffmpeg/ffprobe can read directly: a short-lived signed URL in the cloud, a file path
   * locally. Lets probing read only the bytes it needs instead of downloading the whole source.
   */
  readableUrl(key: string, expiresInSeconds?: number): Promise<string>;
  /**
   * readableUrl for one version of the object: throws PreconditionFailedError when the object's ETag is no longer
   * `eTag` (quoted or not). In the cloud every read must send `headers` (If-Match), so OSS refuses a later version
   * mid-read; locally the check is made when the location is handed out.
   */
  readableVersion(key: string, eTag: string, expiresInSeconds?: number): Promise<ReadableVersion>;
  put(key: string, body: Buffer | string, options?: PutOptions): Promise<void>;
  upload(key: string, filePath: string, options?: PutOptions): Promise<void>;
  /** Keys under a prefix, in lexicographic order. */
  list(prefix: string): Promise<string[]>;
  /** Deletes an object; deleting one that does not exist succeeds, as OSS's DeleteObject does (204 either way). */
  delete(key: string): Promise<void>;
}

export interface ObjectInfo {
  key: string;
  size: number;
  etag: string;
  contentType?: string;
}

export interface ReadableVersion {
  url: string;
  /** HTTP headers each read must send; empty for a local file. */
  headers: Record<string, string>;
}

/** The bare ETag (OSS events carry it unquoted, HeadObject quoted); ETags compare case-insensitively. */
export function bareETag(eTag: string): string {
  return eTag.replace(/^"|"$/g, '').toUpperCase();
}

export interface PutOptions {
  contentType?: string;
  cacheControl?: string;
}

/**
 * Table Store (OTS) with its semantics: rows ordered by primary key, conditional writes
 * (row existence + column conditions, checked atomically with the write), INCREMENT updates,
 * range reads with a continuation key, batch writes of at most 200 rows with per-row results.
 */
export interface TableStore {
  getRow(table: string, key: PrimaryKey): Promise<Attributes | undefined>;
  /** Replaces the whole row. Throws ConditionFailedError when the condition does not hold. */
  putRow(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Promise<void>;
  /**
   * Changes some columns of a row (creating it unless the condition forbids). Returns the
   * row's attributes after the change; with `{ returnRow: false }` only the incremented columns
   * after the change (what Table Store's UpdateRow answers, so the cloud adapter reads nothing back).
   * Throws ConditionFailedError when the condition does not hold.
   */
  updateRow(table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition, options?: UpdateOptions): Promise<Attributes>;
  deleteRow(table: string, key: PrimaryKey, condition?: Condition): Promise<void>;
  /** Rows with start <= key < end in primary-key order (use MIN/MAX sentinels), at most `limit`. */
  getRange(table: string, start: PrimaryKey, end: PrimaryKey, options?: RangeOptions): Promise<RangePage>;
  /** At most 200 rows per call (Table Store's limit); one result per row, in request order. */
  batchWrite(table: string, writes: BatchWrite[]): Promise<BatchWriteResult[]>;
}

/** Primary-key columns in schema order. Numbers are INTEGER (Table Store has no DOUBLE keys). */
export type PrimaryKey = Array<[name: string, value: KeyValue]>;
export type KeyValue = string | number | typeof MIN | typeof MAX;
export const MIN: unique symbol = Symbol('INF_MIN');
export const MAX: unique symbol = Symbol('INF_MAX');

/** Integers are stored as INTEGER, other numbers as DOUBLE. */
export type CellValue = string | number | boolean | Buffer;
export type Attributes = Record<string, CellValue>;

export interface RowUpdate {
  put?: Attributes;
  delete?: string[];
  /** Atomic integer increments (Table Store INCREMENT); missing columns start at 0. */
  increment?: Record<string, number>;
}

export interface UpdateOptions {
  /** false: the caller needs only the incremented columns, not the whole row. Default true. */
  returnRow?: boolean;
}

export interface Condition {
  row: 'IGNORE' | 'EXPECT_EXIST' | 'EXPECT_NOT_EXIST';
  column?: ColumnCondition;
}

export type ColumnCondition =
  | {
      column: string;
      op: '=' | '!=' | '>' | '>=' | '<' | '<=';
      value: CellValue;
      /** Table Store's pass_if_missing: the check passes when the column is absent. Default true, as in Table Store. */
      passIfMissing?: boolean;
    }
  | { and: ColumnCondition[] }
  | { or: ColumnCondition[] }
  | { not: ColumnCondition };

export interface RangeOptions {
  limit?: number;
  direction?: 'FORWARD' | 'BACKWARD';
}

export interface RangePage {
  rows: Array<{ key: PrimaryKey; attributes: Attributes }>;
  /** Where the next page starts; undefined when the range is exhausted. */
  next?: PrimaryKey;
}

export type BatchWrite =
  | { type: 'PUT'; key: PrimaryKey; attributes: Attributes; condition?: Condition }
  | { type: 'UPDATE'; key: PrimaryKey; update: RowUpdate; condition?: Condition }
  | { type: 'DELETE'; key: PrimaryKey; condition?: Condition };

export type BatchWriteResult = { ok: true } | { ok: false; code: string; message: string };

/** Invokes other functions of the same pattern. */
export interface Invoker {
  /** Queues an asynchronous invocation; Function Compute retries it and routes final failures to the destination. */
  invokeAsync(functionName: string, payload: unknown, options?: InvokeOptions): Promise<void>;
}

export interface InvokeOptions {
  /** Seconds before the invocation runs, 0 to MAX_INVOKE_DELAY_SECONDS: a deferred event, not a timer. */
  delaySeconds?: number;
}

/**
 * The longest delay of one asynchronous invocation; longer waits chain. FC 3.0 documents `x-fc-async-delay` as (0, 3600)
 * seconds, open at both ends (https://help.aliyun.com/zh/functioncompute/user-guide/overview-34; FC 2.0 wrote [0, 3600]).
 */
export const MAX_INVOKE_DELAY_SECONDS = 3599;

/** CDN cache control for one accelerated domain. */
export interface Cdn {
  /**
   * Prefetches at most 100 object paths (domain/path, no scheme) per call; returns the task id.
   * Throws CdnRefusedError when the API answered that it queued nothing; any other error leaves it
   * unknown whether the task was queued (a lost answer).
   */
  prefetch(objectPaths: string[]): Promise<string>;
}

/** The CDN API refused a prefetch (a 4xx answer with its error code): nothing was queued. */
export class CdnRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CdnRefusedError';
  }
}

/** Mobile Push (EMAS). */
/** Mobile Push: notices to the app's devices, accounts or aliases. */
export interface Push {
  /** One content to one target list (at most 1,000 ids); returns the MessageId. */
  push(request: PushRequest): Promise<string>;
  /** MassPush: up to 100 tasks, each its own targets and content; one MessageId per task, in task order. */
  massPush(tasks: PushRequest[], idempotencyToken?: string): Promise<string[]>;
}

export interface PushRequest {
  target: 'DEVICE' | 'ACCOUNT' | 'ALIAS' | 'TAG';
  targetValue: string;
  title: string;
  body: string;
  extParameters?: Record<string, string>;
  /** Mobile Push's IdempotentToken (a UUID): a repeat within 15 minutes is not pushed again. */
  idempotencyToken?: string;
}

export interface Clock {
  now(): number;
}

export class NotFoundError extends Error {
  readonly code = 'NotFound';
}

/** Mobile Push answered that it pushed nothing (a 4xx with an error code, e.g. an invalid target), as opposed to an unknown outcome. */
export class PushRefusedError extends Error {
  readonly code = 'PushRefused';

  constructor(
    message: string,
    /** Mobile Push's own code, e.g. InvalidParameter. */
    readonly pushCode: string,
  ) {
    super(message);
    this.name = 'PushRefusedError';
  }
}

/** A conditional write whose condition did not hold (Table Store's OTSConditionCheckFail). */
export class ConditionFailedError extends Error {
  readonly code = 'OTSConditionCheckFail';
}

/** A conditional read whose condition did not hold: the object has another ETag now (OSS's 412 PreconditionFailed). */
export class PreconditionFailedError extends Error {
  readonly code = 'PreconditionFailed';
}
