/** The content API through API Gateway events: every route, versions, idempotency, bad input, and search through the index. */
import { postIdFor } from '../../../runtime/iot/posts';
import { contentHarness } from './content-harness';

describe('content API', () => {
  it('creates a post once per idempotency key, and refuses the key for a different post', async () => {
    const h = contentHarness();
    const body = { author: 'ann', text: 'hello world', tags: ['greeting'], idempotencyKey: 'k1' };
    const first = await h.call('POST', '/posts', body);
    expect(first.status).toBe(201);
    expect(first.body.post).toMatchObject({ postId: postIdFor('k1'), author: 'ann', text: 'hello world', tags: ['greeting'], version: 1 });
    const again = await h.call('POST', '/posts', body);
    expect(again).toEqual({ status: 200, body: first.body });
    const other = await h.call('POST', '/posts', { ...body, text: 'something else' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'idempotency_key_reused', field: 'idempotencyKey' });
    expect((await h.call('GET', `/posts/${postIdFor('k1')}`)).body.post.text).toBe('hello world');
  });

  it('answers a create retried after its post was deleted with the post as it is now: deleted', async () => {
    const h = contentHarness();
    const body = { author: 'ann', text: 'short-lived', idempotencyKey: 'k1' };
    const id = (await h.call('POST', '/posts', body)).body.post.postId as string;
    expect((await h.call('DELETE', `/posts/${id}`)).status).toBe(200);
    expect(await h.call('POST', '/posts', body)).toEqual({ status: 200, body: { post: { postId: id, deleted: true, version: 2 } } });
  });

  it('updates with the version it was read at, answers a retried update again, and refuses a stale one with the current version', async () => {
    const h = contentHarness();
    const id = await h.post('k1', 'first');
    const updated = await h.call('PUT', `/posts/${id}`, { text: 'second', expectedVersion: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body.post).toMatchObject({ text: 'second', version: 2 });
    // The client did not see the answer and sends it again: the same change, one version on.
    expect(await h.call('PUT', `/posts/${id}`, { text: 'second', expectedVersion: 1 })).toEqual(updated);
    const stale = await h.call('PUT', `/posts/${id}`, { text: 'third', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', field: 'expectedVersion', currentVersion: 2 });
    expect((await h.call('GET', `/posts/${id}`)).body.post).toMatchObject({ text: 'second', version: 2 });
  });

  it('deletes idempotently; a deleted post is not found, cannot be updated and is not searchable', async () => {
    const h = contentHarness();
    const id = await h.post('k1', 'to go');
    expect(await h.searchIds({ q: 'go' })).toEqual([id]);
    const gone = await h.call('DELETE', `/posts/${id}`);
    expect(gone).toEqual({ status: 200, body: { post: { postId: id, deleted: true, version: 2 } } });
    expect(await h.call('DELETE', `/posts/${id}`)).toEqual(gone);
    expect((await h.call('GET', `/posts/${id}`)).status).toBe(404);
    expect((await h.call('PUT', `/posts/${id}`, { text: 'back', expectedVersion: 2 })).status).toBe(404);
    expect(await h.searchIds({ q: 'go' })).toEqual([]);
    expect((await h.call('DELETE', '/posts/pnothere')).status).toBe(404);
  });

  it('searches the index by full text, tag and author, newest first, page by page', async () => {
    const h = contentHarness();
    const a = await h.post('a', 'Rain in the city', ['weather'], 'ann');
    const b = await h.post('b', 'city lights at night', ['photo'], 'bob');
    const c = await h.post('c', '城市的雨', ['weather'], 'bob');
    const d = await h.post('d', 'the CITY never sleeps', [], 'ann');
    expect(await h.searchIds({ q: 'city' })).toEqual([d, b, a]);
    expect(await h.searchIds({ q: 'city rain' })).toEqual([a]);
    expect(await h.searchIds({ q: '雨' })).toEqual([c]);
    expect(await h.searchIds({ tag: 'weather' })).toEqual([c, a]);
    expect(await h.searchIds({ author: 'bob', tag: 'weather' })).toEqual([c]);
    expect(await h.searchIds({})).toEqual([d, c, b, a]);
    const first = await h.call('GET', '/posts?limit=3');
    expect(first.body.posts.map((p: { postId: string }) => p.postId)).toEqual([d, c, b]);
    const createdAt = new Date(h.clock.now()).toISOString();
    expect(first.body.posts[0]).toEqual({ postId: d, version: 1, author: 'ann', text: 'the CITY never sleeps', tags: [], createdAt });
    const next = await h.call('GET', `/posts?limit=3&cursor=${first.body.cursor}`);
    expect(next.body).toEqual({ posts: [expect.objectContaining({ postId: a })] });
  });

  it('shows an update in search once indexed, at its new version only', async () => {
    const h = contentHarness();
    const id = await h.post('k1', 'old words');
    await h.call('PUT', `/posts/${id}`, { text: 'new words', tags: ['t'], expectedVersion: 1 });
    expect(await h.searchIds({ q: 'old' })).toEqual([]);
    expect(await h.searchIds({ q: 'new', tag: 't' })).toEqual([id]);
  });

  it.each([
    ['POST', '/posts', 'author', { text: 'x', idempotencyKey: 'k' }],
    ['POST', '/posts', 'text', { author: 'ann', text: '', idempotencyKey: 'k' }],
    ['POST', '/posts', 'text', { author: 'ann', text: 'x'.repeat(2001), idempotencyKey: 'k' }],
    ['POST', '/posts', 'text', { author: 'ann', text: 'bad \uD800 half', idempotencyKey: 'k' }],
    ['POST', '/posts', 'tags', { author: 'ann', text: 'x', tags: 'a,b', idempotencyKey: 'k' }],
    ['POST', '/posts', 'tags[1]', { author: 'ann', text: 'x', tags: ['a', 'a'], idempotencyKey: 'k' }],
    ['POST', '/posts', 'tags', { author: 'ann', text: 'x', tags: Array.from({ length: 11 }, (_, i) => `t${i}`), idempotencyKey: 'k' }],
    ['POST', '/posts', 'tags[0]', { author: 'ann', text: 'x', tags: [''], idempotencyKey: 'k' }],
    ['POST', '/posts', 'idempotencyKey', { author: 'ann', text: 'x' }],
    ['PUT', '/posts/p1', 'expectedVersion', { text: 'x' }],
    ['PUT', '/posts/p1', 'expectedVersion', { text: 'x', expectedVersion: 0 }],
    ['PUT', '/posts/p1', 'text', { expectedVersion: 1 }],
    ['GET', '/posts?limit=0', 'limit', undefined],
    ['GET', '/posts?limit=101', 'limit', undefined],
    ['GET', '/posts?limit=ten', 'limit', undefined],
    ['GET', '/posts?author=no%20spaces', 'author', undefined],
    ['GET', '/posts?cursor=bm9wZQ', 'cursor', undefined],
  ])('%s %s is a 400 naming %s, and writes nothing (case %#)', async (method, url, field, body) => {
    const h = contentHarness();
    const reply = await h.call(method, url, body);
    expect({ status: reply.status, field: reply.body.error?.field }).toEqual({ status: 400, field });
    await h.settle();
    expect((await h.tables.getRange(h.deps.settings.tables.posts, [['postId', '']], [['postId', '\uffff']])).rows).toEqual([]);
    expect(h.stream.delivered).toBe(0);
  });
});
