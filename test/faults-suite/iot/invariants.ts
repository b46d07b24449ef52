/**
 * The IotIngest content invariants, checked once a scenario settled: the index converges to the
 * table (every live post searchable at its latest version, by its own words; no deleted post found),
 * nothing a client was told is lost, and nothing was parked (every record in these scenarios is a post).
 */
import { postFromColumns } from '../../../runtime/iot/post-record';
import { MAX, MIN } from '../../../runtime/shared/ports';
import { singleWordTokens } from '../../../runtime/shared/search/single-word-tokens';
import type { Violation } from '../violations';
import type { IotWorld } from './world';

export async function iotViolations(w: IotWorld): Promise<Violation[]> {
  const { tables } = w.local.deps.settings;
  const found: Violation[] = [];
  const report = (invariant: string, detail: unknown) => found.push({ invariant, detail: JSON.stringify(detail) });
  const rows = (await w.local.tables.getRange(tables.posts, [['postId', MIN]], [['postId', MAX]])).rows;
  const posts = rows.map((r) => postFromColumns(String(r.key[0][1]), r.attributes)!);
  const indexed = new Map<string, number>();
  for (let cursor: string | undefined, pages = 0; pages < 100; pages++) {
    const page = await w.local.search.search({ sortBy: 'createdAt', limit: 100, ...(cursor ? { cursor } : {}) });
    for (const hit of page.hits) indexed.set(hit.id, hit.version);
    if (!page.cursor) break;
    cursor = page.cursor;
  }
  for (const post of posts) {
    if (post.deleted) {
      if (indexed.has(post.postId)) report('no deleted post is found', { postId: post.postId });
      continue;
    }
    if (indexed.get(post.postId) !== post.version) {
      report('every live post is searchable at its latest version', { postId: post.postId, table: post.version, index: indexed.get(post.postId) });
      continue;
    }
    const words = singleWordTokens(post.text).join(' ');
    const hits = await w.local.search.search({ match: { field: 'text', text: words }, sortBy: 'createdAt', limit: 100 });
    if (!hits.hits.some((h) => h.id === post.postId)) report('every live post is found by its words', { postId: post.postId, words });
  }
  for (const id of indexed.keys()) if (!posts.some((p) => p.postId === id)) report('nothing indexed that the table does not hold', { postId: id });
  for (const told of w.told) {
    const post = posts.find((p) => p.postId === told.postId);
    if (!post || post.version < told.version || (told.deleted && !post.deleted)) report('nothing a client was told is lost', { told, table: post });
  }
  const letters = (await w.local.tables.getRange(tables.deadLetters, [['letterId', MIN]], [['letterId', MAX]])).rows;
  if (letters.length > 0) report('no post is parked', { letters: letters.map((l) => l.attributes.reason) });
  return found;
}
