/**
 * A post's row in the posts table. Every write puts every searchable column and bumps `version` in
 * the same single-row write, so each stream record of the row carries the whole post at that
 * version. A delete is a write too (`deleted` true, version bumped): the indexer then knows which
 * version the delete was, and an older update re-delivered later cannot bring the post back.
 */
import type { Attributes, PrimaryKey } from '../shared/ports';
import type { IndexChange } from '../shared/search/search-engine';
import type { IotDeps } from './deps';

export interface Post {
  postId: string;
  author: string;
  text: string;
  tags: string[];
  version: number;
  createdAt: number;
  updatedAt: number;
  deleted: boolean;
}

export const postKey = (postId: string): PrimaryKey => [['postId', postId]];

/** The columns every write puts (the stream record of the write carries them all). */
export function postColumns(post: Omit<Post, 'postId'>): Attributes {
  return {
    author: post.author,
    text: post.text,
    tags: JSON.stringify(post.tags),
    version: post.version,
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    deleted: post.deleted,
  };
}

/** The post in a row (or in a stream record's columns); undefined when a column is missing or of the wrong type. */
export function postFromColumns(postId: string, row: Attributes): Post | undefined {
  const { author, text, tags, version, createdAt, updatedAt, deleted } = row;
  if (typeof author !== 'string' || typeof text !== 'string' || typeof tags !== 'string') return undefined;
  if (typeof version !== 'number' || !isTime(createdAt) || !isTime(updatedAt) || typeof deleted !== 'boolean') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(tags);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string')) return undefined;
  return { postId, author, text, tags: parsed, version, createdAt, updatedAt, deleted };
}

/** An instant a Date can hold (epoch ms from 0 to 8.64e15): a row written around the API may hold anything. */
function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= 8.64e15;
}

export async function getPost(deps: IotDeps, postId: string): Promise<Post | undefined> {
  const row = await deps.store.getRow(deps.settings.tables.posts, postKey(postId));
  return row ? postFromColumns(postId, row) : undefined;
}

/** The search document of a post at its version (a tombstone once deleted). */
export function indexChangeOf(post: Post): IndexChange {
  if (post.deleted) return { id: post.postId, version: post.version };
  return { id: post.postId, version: post.version, fields: { text: post.text, author: post.author, tags: post.tags, createdAt: post.createdAt } };
}

/** What the API answers for a post. */
export function postView(post: Post): Record<string, unknown> {
  return {
    postId: post.postId,
    author: post.author,
    text: post.text,
    tags: post.tags,
    version: post.version,
    createdAt: new Date(post.createdAt).toISOString(),
    updatedAt: new Date(post.updatedAt).toISOString(),
  };
}
