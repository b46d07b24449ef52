/**
 * The contract between the IotIngest construct and its functions: table schemas, the APIs' routes,
 * the search schema of posts and the settings JSON.
 */
import type { FunctionManifest } from '../shared/function-manifest';
import { baseTableNames, type SearchSchema, type TableSchema } from '../shared/ots-contract';

/**
 * The pattern's functions. The indexer is invoked by the posts table's
 * Tablestore trigger, not through FC's async queue: the trigger retries a failed batch itself
 * until its records expire (https://www.alibabacloud.com/help/en/functioncompute/fc/tablestore-triggers),
 * so it has no async retries or destination to configure.
 */
export const IOT_FUNCTIONS = {
  contentApi: { handler: 'content-api', runtime: 'nodejs20', invocation: 'sync' },
  indexer: { handler: 'indexer', runtime: 'nodejs20', invocation: 'sync' },
  /** ROS invokes it as the custom resource that turns on the posts table's stream (it answers ROS at ResponseURL). */
  streamEnabler: { handler: 'stream-enabler', runtime: 'nodejs20', invocation: 'sync' },
  /** Binds devices to the owners their transitions are pushed to (API Gateway). */
  deviceApi: { handler: 'device-api', runtime: 'nodejs20', invocation: 'sync' },
  /**
   * The devices topic's MNS trigger: records each status (and property post) and defers the transition's check.
   * MNS retries a failed call by the trigger's notifyStrategy, so it has no FC async retries either.
   */
  deviceStatus: { handler: 'device-status', runtime: 'nodejs20', invocation: 'sync' },
  /** The deferred check (a delayed async invocation, one per change): decides, then pushes through the device's outbox. */
  transitionCheck: { handler: 'transition-check', runtime: 'nodejs20', invocation: 'async', retries: 'sendAttempts', onFailure: 'deviceFailure' },
  /** Gets the checks FC gave up on: sends what their outbox still holds once more, and logs the rest. */
  deviceFailure: { handler: 'device-failure', runtime: 'nodejs20', invocation: 'async', retries: 'terminal' },
} as const satisfies FunctionManifest;

/** Async retries of the transition check unless the construct's `maxRetries` says otherwise. */
export const IOT_DEFAULT_RETRIES = 2;

export const IOT_ENV = {
  settings: 'IOT_SETTINGS',
  otsInstance: 'OTS_INSTANCE',
  otsEndpoint: 'OTS_ENDPOINT',
  /** The transition check's function name, for the device-status function's delayed invocations. */
  checkFunction: 'CHECK_FUNCTION',
} as const;

export interface IotSettings {
  /** The name of each table in the Table Store instance (patterns of one stack share an instance). */
  tables: Record<IotTable, string>;
  /** The search index over tables.searchDocs. */
  searchIndex: string;
  /** Request bodies larger than this are rejected with 413. */
  maxBodyBytes: number;
  /** Settings of the device part. */
  devices: DeviceSettings;
}

export interface DeviceSettings {
  /** A status must hold this long before it is notified: a device that flaps back within it notifies nothing. */
  debounceSeconds: number;
  /**
   * At most one notification per device this often. A later transition waits, and owners are then told the status of
   * that moment: transitions are coalesced, so one that reverted meanwhile is not told (what they were told holds again).
   */
  minNotifyIntervalSeconds: number;
  /** Transitions decided in these hours wait until they end, then notify the state of that moment. */
  quietHours?: QuietHours;
  /** Push attempts per notification before it is recorded FAILED. */
  maxSendAttempts: number;
  /** The Mobile Push app notifications are sent through, and the APNs environment for iOS devices. */
  push: { appKey: string; apnsEnv: 'DEV' | 'PRODUCT' };
}

export interface QuietHours {
  /** `HH:MM`, local time at utcOffsetMinutes. */
  start: string;
  end: string;
  /** e.g. 480 for UTC+8. */
  utcOffsetMinutes: number;
}

/** Owners a device may have: one Push call reaches 1,000 of a kind (shared/push-plan.ts). */
export const MAX_OWNERS_PER_DEVICE = 1000;
/** A device's outbox ring: an owner kind per entry (account, alias, device), two transitions deep, with room to spare. */
export const DEVICE_OUTBOX_CAPACITY = 8;

export type { KeyType } from '../shared/ots-contract';

export const IOT_TABLES = {
  /** The posts as written (the source of truth); its stream feeds the indexer. */
  posts: { name: 'posts', primaryKey: [{ name: 'postId', type: 'STRING' }] },
  /** The search documents the indexer writes, one per post (tombstones for deleted ones), under the search index. */
  searchDocs: { name: 'post_search', primaryKey: [{ name: 'id', type: 'STRING' }] },
  /** Stream records the indexer could not index, with why. */
  deadLetters: { name: 'index_dead_letters', primaryKey: [{ name: 'letterId', type: 'STRING' }] },
  /** Each device's latest status, properties, last notified status and its notification outbox; `<productKey>/<deviceName>`. */
  devices: { name: 'devices', primaryKey: [{ name: 'deviceId', type: 'STRING' }] },
  /** Who is told about a device: one row per owner (`account:<id>`, `alias:<a>`, `device:<id>`). */
  deviceOwners: { name: 'device_owners', primaryKey: [{ name: 'deviceId', type: 'STRING' }, { name: 'owner', type: 'STRING' }] },
} as const satisfies Record<string, TableSchema>;

export type IotTable = keyof typeof IOT_TABLES;
export const IOT_TABLE_KEYS = Object.keys(IOT_TABLES) as IotTable[];
export const BASE_TABLE_NAMES = baseTableNames(IOT_TABLES);

/** What a post is searched by: its text (single-word analyzer), author, tags, newest first. */
export const POST_SEARCH_SCHEMA = { text: 'text', author: 'keyword', tags: 'keywords', createdAt: 'long' } as const satisfies SearchSchema;

export const CONTENT_ROUTES = [
  { name: 'CreatePost', method: 'POST', path: '/posts', description: 'Create a post (idempotent by idempotencyKey)' },
  { name: 'SearchPosts', method: 'GET', path: '/posts', description: 'Search posts: q (full text), tag, author, newest first, cursor' },
  { name: 'GetPost', method: 'GET', path: '/posts/{id}', description: 'A post at its latest version' },
  { name: 'UpdatePost', method: 'PUT', path: '/posts/{id}', description: 'Change text or tags, given the version it was read at' },
  { name: 'DeletePost', method: 'DELETE', path: '/posts/{id}', description: 'Delete a post (idempotent)' },
] as const satisfies ReadonlyArray<{ name: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; description: string }>;

export type ContentRouteName = (typeof CONTENT_ROUTES)[number]['name'];

export const DEVICE_ROUTES = [
  { name: 'GetDevice', method: 'GET', path: '/devices/{productKey}/{deviceName}', description: 'A device: status, properties, owners' },
  { name: 'BindOwner', method: 'PUT', path: '/devices/{productKey}/{deviceName}/owners/{owner}', description: 'Tell an owner about the device' },
  { name: 'UnbindOwner', method: 'DELETE', path: '/devices/{productKey}/{deviceName}/owners/{owner}', description: 'Stop telling an owner' },
] as const satisfies ReadonlyArray<{ name: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; description: string }>;

export type DeviceRouteName = (typeof DEVICE_ROUTES)[number]['name'];

/** Fields of the structured decision log lines (index updates, parked records, transitions, pushes), indexed in Log Service by the construct. */
export const IOT_LOG_FIELDS = [
  /** index | park | status | properties | transition */
  { name: 'decision', type: 'text' },
  { name: 'deviceId', type: 'text' },
  /** online | offline */
  { name: 'status', type: 'text' },
  /** transitions: notified | suppressed | deferred | superseded */
  { name: 'verdict', type: 'text' },
  { name: 'notificationId', type: 'text' },
  { name: 'messageId', type: 'text' },
  { name: 'owners', type: 'long' },
  { name: 'postId', type: 'text' },
  { name: 'version', type: 'long' },
  /** applied | stale | rejected | retry; for device events recorded | stale | duplicate | unchanged */
  { name: 'outcome', type: 'text' },
  { name: 'code', type: 'text' },
  { name: 'letterId', type: 'text' },
  { name: 'reason', type: 'text' },
  /** Per indexer batch. */
  { name: 'records', type: 'long' },
  { name: 'applied', type: 'long' },
  { name: 'stale', type: 'long' },
  { name: 'parked', type: 'long' },
  { name: 'retry', type: 'long' },
  { name: 'method', type: 'text' },
  { name: 'path', type: 'text' },
  { name: 'gatewayRequestId', type: 'text' },
] as const satisfies ReadonlyArray<{ name: string; type: 'text' | 'long' | 'double' }>;
