/**
 * The contract between the IotIngest construct and its functions (content part): table schemas,
 * the content API's routes, the search schema of posts and the settings JSON.
 */
import type { FunctionManifest } from '../shared/function-manifest';
import type { SearchSchema } from '../shared/search/search-engine';

/**
 * The pattern's functions (content part so far). The indexer is invoked by the posts table's
 * Tablestore trigger, which retries a failed batch until its records expire: it has no destination.
 */
export const IOT_FUNCTIONS = {
  contentApi: { handler: 'content-api', runtime: 'nodejs20', invocation: 'sync' },
  indexer: { handler: 'indexer', runtime: 'nodejs20', invocation: 'async', retries: 'terminal' },
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

export type KeyType = 'STRING' | 'INTEGER';

export const IOT_TABLES = {
  /** The posts as written (the source of truth); its stream feeds the indexer. */
  posts: { name: 'posts', primaryKey: [{ name: 'postId', type: 'STRING' }] },
  /** The search documents the indexer writes, one per post (tombstones for deleted ones), under the search index. */
  searchDocs: { name: 'post_search', primaryKey: [{ name: 'id', type: 'STRING' }] },
  /** Stream records the indexer could not index, with why. */
  deadLetters: { name: 'index_dead_letters', primaryKey: [{ name: 'letterId', type: 'STRING' }] },
} as const satisfies Record<string, { name: string; primaryKey: ReadonlyArray<{ name: string; type: KeyType }> }>;

export type IotTable = keyof typeof IOT_TABLES;
export const IOT_TABLE_KEYS = Object.keys(IOT_TABLES) as IotTable[];
export const BASE_TABLE_NAMES = Object.fromEntries(IOT_TABLE_KEYS.map((t) => [t, IOT_TABLES[t].name])) as Record<IotTable, string>;

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
