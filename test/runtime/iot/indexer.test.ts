/** The indexer on stream documents as the Tablestore trigger delivers them (CBOR): versions, re-delivery, reordering, poison records. */
import { encode } from 'cbor-x';
import { postColumns, type Post } from '../../../runtime/iot/post-record';
import type { SearchEngine } from '../../../runtime/shared/search/search-engine';
import { contentHarness, type ContentHarness } from './content-harness';

const post = (postId: string, version: number, text: string, deleted = false): Post => ({
  postId,
  author: 'ann',
  text,
  tags: ['t'],
  version,
  createdAt: 1_000 + version,
  updatedAt: 2_000 + version,
  deleted,
});

/** A stream record of a write of `p`, as the posts table's stream carries it. */
const record = (p: Post, type = 'UpdateRow') => ({
  Type: type,
  Info: { Timestamp: 1_700_000_000_000_000 },
  PrimaryKey: [{ ColumnName: 'postId', Value: p.postId }],
  Columns: Object.entries(postColumns(p)).map(([ColumnName, Value]) => ({ Type: 'Put', ColumnName, Value, Timestamp: 1_700_000_000_000 })),
});
const documentOf = (...records: unknown[]) => Buffer.from(encode({ Version: 'Sync-v1', Records: records }));

async function index(h: ContentHarness, document: Buffer, requestId = `r-${Math.random()}`) {
  return h.indexer(document, h.context('iot-indexer', requestId));
}

async function deadLetters(h: ContentHarness) {
  return (await h.tables.getRange(h.deps.settings.tables.deadLetters, [['letterId', '']], [['letterId', '\uffff']])).rows.map((r) => r.attributes);
}

const search = async (h: ContentHarness, text: string) =>
  (await h.search.search({ match: { field: 'text', text }, sortBy: 'createdAt', limit: 100 })).hits.map((hit) => `${hit.id}@${hit.version}`);

describe('indexer', () => {
  it('indexes each post at its version and does nothing twice when the batch is delivered again', async () => {
    const h = contentHarness();
    const batch = documentOf(record(post('p1', 1, 'hello'), 'PutRow'), record(post('p2', 1, 'hello there'), 'PutRow'));
    expect(await index(h, batch, 'r1')).toEqual({ records: 2, applied: 2, stale: 0, parked: 0, retry: 0 });
    expect(await index(h, batch, 'r1')).toEqual({ records: 2, applied: 0, stale: 2, parked: 0, retry: 0 });
    expect(await search(h, 'hello')).toEqual(['p1@1', 'p2@1']);
  });

  it('keeps the newest version whatever order the records come in; a delete wins over an older update', async () => {
    const h = contentHarness();
    await index(h, documentOf(record(post('p1', 3, 'third'))));
    await index(h, documentOf(record(post('p1', 2, 'second'))));
    expect(await search(h, 'third')).toEqual(['p1@3']);
    expect(await search(h, 'second')).toEqual([]);
    await index(h, documentOf(record(post('p1', 5, 'third', true))));
    await index(h, documentOf(record(post('p1', 4, 'fourth'))));
    expect(await search(h, 'third')).toEqual([]);
    expect(await search(h, 'fourth')).toEqual([]);
  });

  it('applies one change per post a batch, its newest, within the engine batch limit', async () => {
    const h = contentHarness();
    const records = Array.from({ length: 450 }, (_, i) => record(post(`p${i % 300}`, 1 + Math.floor(i / 300), `word${i}`)));
    expect(await index(h, documentOf(...records))).toEqual({ records: 450, applied: 300, stale: 0, parked: 0, retry: 0 });
    expect(h.search.applyCalls).toBe(2);
    expect(await search(h, 'word5')).toEqual([]);
    expect(await search(h, 'word305')).toEqual(['p5@2']);
  });

  it('parks poison records with their reason, once however often they are delivered, and indexes the rest', async () => {
    const h = contentHarness();
    const huge = { ...record(post('p9', 1, 'big')), Columns: [{ Type: 'Put', ColumnName: 'version', Value: 2n ** 60n, Timestamp: 1 }] };
    const batch = documentOf(
      record(post('p1', 1, 'fine')),
      { Type: 'PutRow', PrimaryKey: [{ ColumnName: 'postId', Value: 7 }], Columns: [] },
      { Type: 'Truncate' },
      huge,
    );
    expect(await index(h, batch)).toEqual({ records: 4, applied: 1, stale: 0, parked: 3, retry: 0 });
    expect(await index(h, batch)).toEqual({ records: 4, applied: 0, stale: 1, parked: 3, retry: 0 });
    const letters = await deadLetters(h);
    expect(letters.map((l) => l.reason).sort()).toEqual([
      'Type "Truncate" is not PutRow, UpdateRow or DeleteRow',
      'the record of post p9 is not a whole post, and its row is gone',
      'the record has no string postId key',
    ].sort());
    expect(letters.find((l) => String(l.reason).includes('post p9'))!.record).toContain('1152921504606846976');
    expect(await search(h, 'fine')).toEqual(['p1@1']);
  });

  it('parks a post whose times a Date cannot hold (written around the API), and search keeps answering', async () => {
    const h = contentHarness();
    const far = { ...post('p1', 1, 'far future'), createdAt: 8.7e15 };
    expect(await index(h, documentOf(record(far), record(post('p2', 1, 'near future'))))).toMatchObject({ applied: 1, parked: 1 });
    const reply = await h.call('GET', '/posts?q=future');
    expect({ status: reply.status, ids: reply.body.posts.map((p: { postId: string }) => p.postId) }).toEqual({ status: 200, ids: ['p2'] });
  });

  it('logs a malformed payload as one structured error and writes nothing', async () => {
    const h = contentHarness();
    const result = await index(h, Buffer.from([0xff, 0x00, 0x13]));
    expect(result.malformed).toMatch(/not CBOR/);
    expect(await deadLetters(h)).toEqual([]);
    expect(h.search.applyCalls).toBe(0);
    expect(h.logLines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('reads the row when a record lacks columns (a write that bypassed the API), and removes a row deleted outright for good', async () => {
    const h = contentHarness();
    const id = await h.post('k1', 'from the api');
    await h.settle();
    await h.stream.updateRow(h.deps.settings.tables.posts, [['postId', id]], { put: { text: 'patched by hand', version: 2 } });
    await h.settle();
    expect(await search(h, 'patched')).toEqual([`${id}@2`]);
    await h.stream.deleteRow(h.deps.settings.tables.posts, [['postId', id]]);
    await h.settle();
    expect(await search(h, 'patched')).toEqual([]);
  });

  it('fails the invocation when the engine asks for a retry, and converges on FC’s retry', async () => {
    const h = contentHarness();
    const engine = h.deps.search;
    let refusals = 1;
    const flaky: SearchEngine = {
      maxBatch: engine.maxBatch,
      search: (q) => engine.search(q),
      apply: async (changes) => {
        const results = await engine.apply(changes.slice(1));
        if (refusals-- > 0) return [{ outcome: 'retry', code: 'OTSServerBusy', message: 'busy' }, ...results];
        return [...(await engine.apply(changes.slice(0, 1))), ...results];
      },
    };
    h.deps.search = flaky;
    const batch = documentOf(record(post('p1', 1, 'alpha')), record(post('p2', 1, 'alpha beta')));
    await expect(index(h, batch, 'same')).rejects.toThrow(/retried/);
    expect(await search(h, 'alpha')).toEqual(['p2@1']);
    expect(await index(h, batch, 'same')).toEqual({ records: 2, applied: 1, stale: 1, parked: 0, retry: 0 });
    expect(await search(h, 'alpha')).toEqual(['p1@1', 'p2@1']);
  });
});
