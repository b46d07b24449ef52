/**
 * The contract between the IotIngest construct and its functions (content part): table schemas,
 * the content API's routes, the search schema of posts and the settings JSON.
 */
import type { FunctionManifest } from '../shared/function-manifest';
import { baseTableNames, type SearchSchema, type TableSchema } from '../shared/ots-contract';

/**
 * The pattern's functions (content part so far). The indexer is invoked by the posts table's
 * Tablestore trigger, not through FC's async queue: the trigger retries a failed batch itself
 * until its records expire (https://www.alibabacloud.com/help/en/functioncompute/fc/tablestore-triggers),
 * so it has no async retries or destination to configure.
 */
export const IOT_FUNCTIONS = {
  contentApi: { handler: 'content-api', runtime: 'nodejs20', invocation: 'sync' },
  indexer: { handler: 'indexer', runtime: 'nodejs20', invocation: 'sync' },
  /** ROS invokes it as the custom resource that turns on the posts table's stream (it answers ROS at ResponseURL). */
  streamEnabler: { handler: 'stream-enabler', runtime: 'nodejs20', invocation: 'sync' },
} as const satisfies FunctionManifest;

export const IOT_ENV = {
  settings: 'IOT_SETTINGS',
  otsInstance: 'OTS_INSTANCE',
  otsEndpoint: 'OTS_ENDPOINT',
} as const;

export interface IotSettings {
  /** The name of each table in the Table Store instance (patterns of one stack share an instance). */
  tables: Record<IotTable, string>;
  /** The search index over tables.searchDocs. */
  searchIndex: string;
  /** Request bodies larger than this are rejected with 413. */
  maxBodyBytes: number;
}

export type { KeyType } from '../shared/ots-contract';

export const IOT_TABLES = {
  /** The posts as written (the source of truth); its stream feeds the indexer. */
  posts: { name: 'posts', primaryKey: [{ name: 'postId', type: 'STRING' }] },
  /** The search documents the indexer writes, one per post (tombstones for deleted ones), under the search index. */
  searchDocs: { name: 'post_search', primaryKey: [{ name: 'id', type: 'STRING' }] },
  /** Stream records the indexer could not index, with why. */
  deadLetters: { name: 'index_dead_letters', primaryKey: [{ name: 'letterId', type: 'STRING' }] },
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

/** Fields of the structured decision log lines (index updates, parked records), indexed in Log Service by the construct. */
export const IOT_LOG_FIELDS = [
  /** index | park */
  { name: 'decision', type: 'text' },
  { name: 'postId', type: 'text' },
  { name: 'version', type: 'long' },
  /** applied | stale | rejected | retry */
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
