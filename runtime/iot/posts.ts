/**
 * The content API's endpoints. A post is written in one conditional single-row write that stores it
 * and bumps its version; the stream of the posts table then reaches the indexer, which updates the
 * search engine. Searches read the search engine, never the table.
 *
 * POST /posts is idempotent by idempotencyKey (the post id is derived from it, the row put with
 * EXPECT_NOT_EXIST); PUT /posts/{id} needs the version the post was read at (409 with the current
 * version otherwise) and answers 200 again to a retry whose first answer was lost; DELETE is
 * idempotent.
 */
import { idForKey, requestHashOf } from '../shared/http/idempotency';
import { HttpError, invalidField, json, notFound, optionalInteger, pathId, requiredId, requiredWellFormedString } from '../shared/http';
import { MAX_SEARCH_LIMIT } from '../shared/search/search-engine';
import { columnEquals, ifCondition } from '../shared/table-store';
import type { IotDeps } from './deps';
import type { Endpoint } from './endpoint';
import { MAX_QUERY, MAX_TAG, requiredText, requiredVersion, tagList } from './post-fields';
import { getPost, postColumns, postFromColumns, postKey, postView, type Post } from './post-record';

const WRITE_ATTEMPTS = 3;
const DEFAULT_LIMIT = 20;

/** `p` + 32 hex characters of sha256(key): the same key always names the same post. */
export function postIdFor(idempotencyKey: string): string {
  return idForKey('p', 'post', idempotencyKey);
}

export const createPost: Endpoint = async ({ deps, body }) => {
  const input = body();
  const author = requiredId(input, 'author');
  const text = requiredText(input, 'text');
  const tags = tagList(input, 'tags');
  const idempotencyKey = requiredWellFormedString(input, 'idempotencyKey', 128);
  const requestHash = requestHashOf({ author, text, tags });
  const postId = postIdFor(idempotencyKey);
  const now = deps.clock.now();
  const post: Post = { postId, author, text, tags, version: 1, createdAt: now, updatedAt: now, deleted: false };
  const row = { ...postColumns(post), requestHash, idempotencyKey };
  if (await ifCondition(() => deps.store.putRow(deps.settings.tables.posts, postKey(postId), row, { row: 'EXPECT_NOT_EXIST' }))) {
    return json(201, { post: postView(post) });
  }
  // The key was used before: the same request is answered again, a different one refused.
  const existing = await deps.store.getRow(deps.settings.tables.posts, postKey(postId));
  const first = existing && postFromColumns(postId, existing);
  if (!existing || !first) throw new Error(`post ${postId} exists (its put was refused) but cannot be read`);
  if (existing.requestHash !== requestHash) {
    throw new HttpError(409, 'idempotency_key_reused', 'idempotencyKey was already used for a different post', 'idempotencyKey', { postId });
  }
  // Created by this key and deleted since: the create is answered as what the post is now.
  if (first.deleted) return json(200, { post: { postId, deleted: true, version: first.version } });
  return json(200, { post: postView(first) });
};

export const getPostEndpoint: Endpoint = async ({ deps, params }) => {
  const postId = pathId(params, 'postId');
  const post = await getPost(deps, postId);
  if (!post || post.deleted) throw notFound('post', postId, 'postId');
  return json(200, { post: postView(post) });
};

export const updatePost: Endpoint = async ({ deps, params, body }) => {
  const postId = pathId(params, 'postId');
  const input = body();
  const expectedVersion = requiredVersion(input, 'expectedVersion');
  if (input.text === undefined && input.tags === undefined) throw invalidField('text', 'or tags is required');
  const text = input.text === undefined ? undefined : requiredText(input, 'text');
  const tags = input.tags === undefined ? undefined : tagList(input, 'tags');
  const current = await getPost(deps, postId);
  if (!current || current.deleted) throw notFound('post', postId, 'postId');
  const same = (post: Post) =>
    (text === undefined || post.text === text) && (tags === undefined || JSON.stringify(post.tags) === JSON.stringify(tags));
  if (current.version !== expectedVersion) {
    // A retry whose first answer was lost finds its own change, one version on.
    if (current.version === expectedVersion + 1 && same(current)) return json(200, { post: postView(current) });
    throw versionConflict(current);
  }
  const next: Post = {
    ...current,
    ...(text === undefined ? {} : { text }),
    ...(tags === undefined ? {} : { tags }),
    version: current.version + 1,
    updatedAt: deps.clock.now(),
  };
  if (await writeAtVersion(deps, next, current.version)) return json(200, { post: postView(next) });
  const now = await getPost(deps, postId);
  if (!now || now.deleted) throw notFound('post', postId, 'postId');
  if (now.version === expectedVersion + 1 && same(now)) return json(200, { post: postView(now) });
  throw versionConflict(now);
};

export const deletePost: Endpoint = async ({ deps, params }) => {
  const postId = pathId(params, 'postId');
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const current = await getPost(deps, postId);
    if (!current) throw notFound('post', postId, 'postId');
    if (current.deleted) return json(200, { post: { postId, deleted: true, version: current.version } });
    const gone: Post = { ...current, deleted: true, version: current.version + 1, updatedAt: deps.clock.now() };
    if (await writeAtVersion(deps, gone, current.version)) return json(200, { post: { postId, deleted: true, version: gone.version } });
  }
  throw new HttpError(503, 'contention', `post ${postId} changed ${WRITE_ATTEMPTS} times while it was being deleted; retry`);
};

export const searchPosts: Endpoint = async ({ deps, request }) => {
  const query = request.queryParameters;
  const q = query.q === undefined ? undefined : requiredWellFormedString(query, 'q', MAX_QUERY);
  const tag = query.tag === undefined ? undefined : requiredWellFormedString(query, 'tag', MAX_TAG);
  const author = query.author === undefined ? undefined : requiredId(query, 'author');
  const limitText = query.limit;
  if (limitText !== undefined && !/^\d{1,3}$/.test(limitText)) throw invalidField('limit', `must be an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  const limit = optionalInteger({ limit: limitText === undefined ? undefined : Number(limitText) }, 'limit', 1, MAX_SEARCH_LIMIT) ?? DEFAULT_LIMIT;
  const cursor = query.cursor === undefined ? undefined : requiredWellFormedString(query, 'cursor', 4096);
  const terms = { ...(tag === undefined ? {} : { tags: tag }), ...(author === undefined ? {} : { author }) };
  let page;
  try {
    page = await deps.search.search({
      ...(q === undefined ? {} : { match: { field: 'text', text: q } }),
      terms,
      sortBy: 'createdAt',
      limit,
      ...(cursor === undefined ? {} : { cursor }),
    });
  } catch (err) {
    if (err instanceof RangeError && cursor !== undefined && /cursor/.test(err.message)) throw invalidField('cursor', 'is not one this API gave');
    throw err;
  }
  const posts = page.hits.map((hit) => ({
    postId: hit.id,
    version: hit.version,
    author: hit.fields.author,
    text: hit.fields.text,
    tags: hit.fields.tags,
    createdAt: isoTime(Number(hit.fields.createdAt)),
  }));
  return json(200, { posts, ...(page.cursor ? { cursor: page.cursor } : {}) });
};

/** An index hit's time as ISO text; undefined for one a Date cannot hold (a document written around the API), not a failed search. */
function isoTime(ms: number): string | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Writes the post over the row as read at `version`; false when the row changed since. */
async function writeAtVersion(deps: IotDeps, post: Post, version: number): Promise<boolean> {
  return ifCondition(() =>
    deps.store.updateRow(
      deps.settings.tables.posts,
      postKey(post.postId),
      { put: postColumns(post) },
      { row: 'EXPECT_EXIST', column: { and: [columnEquals('version', version), columnEquals('deleted', false)] } },
      { returnRow: false },
    ),
  );
}

function versionConflict(current: Post): HttpError {
  return new HttpError(409, 'version_conflict', `post ${current.postId} is at version ${current.version}`, 'expectedVersion', {
    currentVersion: current.version,
  });
}
