/**
 * The SearchEngine port's contract. Any adapter that can reach an engine runs it:
 * `describeSearchEngineContract('LocalSearchEngine', (schema) => new LocalSearchEngine(schema))`.
 */
import { seededRandom } from '../../../runtime/shared/local/seeded-random';
import type { IndexChange, SearchEngine, SearchFields, SearchQuery, SearchSchema } from '../../../runtime/shared/search/search-engine';

export const POSTS_SCHEMA: SearchSchema = { text: 'text', author: 'keyword', tags: 'keywords', createdAt: 'long' };

const post = (id: string, version: number, text: string, createdAt: number, author = 'ann', tags: string[] = []): IndexChange => ({
  id,
  version,
  fields: { text, author, tags, createdAt },
});

/** Every hit of a query, page after page. */
export async function allHits(engine: SearchEngine, query: Omit<SearchQuery, 'cursor'>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await engine.search({ ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...page.hits.map((h) => h.id));
    if (!page.cursor) return ids;
    cursor = page.cursor;
  }
  throw new Error('more than 1000 pages');
}

export function describeSearchEngineContract(name: string, make: (schema: SearchSchema) => SearchEngine | Promise<SearchEngine>): void {
  describe(`${name} honours the SearchEngine contract`, () => {
    let engine: SearchEngine;
    const newest = { sortBy: 'createdAt', limit: 100 } as const;
    beforeEach(async () => {
      engine = await make(POSTS_SCHEMA);
    });

    describe('versions', () => {
      it('applies a newer version, and calls an equal or older one stale', async () => {
        expect(await engine.apply([post('p1', 2, 'second', 1)])).toEqual([{ outcome: 'applied' }]);
        expect(await engine.apply([post('p1', 2, 'second again', 1), post('p1', 1, 'first', 1)])).toEqual([
          { outcome: 'stale' },
          { outcome: 'stale' },
        ]);
        expect((await engine.search({ ...newest, match: { field: 'text', text: 'second' } })).hits).toEqual([
          { id: 'p1', version: 2, fields: { text: 'second', author: 'ann', tags: [], createdAt: 1 } },
        ]);
        expect((await engine.search({ ...newest, match: { field: 'text', text: 'first' } })).hits).toEqual([]);
      });

      it('keeps a delete as a tombstone: an older update re-delivered after it does not bring the document back', async () => {
        await engine.apply([post('p1', 1, 'hello', 1)]);
        expect(await engine.apply([{ id: 'p1', version: 3 }])).toEqual([{ outcome: 'applied' }]);
        expect(await engine.apply([post('p1', 2, 'hello again', 1)])).toEqual([{ outcome: 'stale' }]);
        expect(await allHits(engine, newest)).toEqual([]);
        expect(await engine.apply([post('p1', 4, 'back', 1)])).toEqual([{ outcome: 'applied' }]);
        expect(await allHits(engine, newest)).toEqual(['p1']);
      });

      it('rejects a document that does not fit the schema, naming the field, and applies the rest of the batch', async () => {
        const results = await engine.apply([
          { id: 'bad', version: 1, fields: { text: 'x', createdAt: 1.5 } },
          { id: 'worse', version: 1, fields: { colour: 'red', createdAt: 1 } as SearchFields },
          post('good', 1, 'fine', 1),
        ]);
        expect(results[0]).toMatchObject({ outcome: 'rejected', message: expect.stringContaining('createdAt') });
        expect(results[1]).toMatchObject({ outcome: 'rejected', message: expect.stringContaining('colour') });
        expect(results[2]).toEqual({ outcome: 'applied' });
        expect(await allHits(engine, newest)).toEqual(['good']);
      });
    });

    describe('queries', () => {
      beforeEach(async () => {
        await engine.apply([
          post('a', 1, 'Is this Tablestore?', 30, 'ann', ['db']),
          post('b', 1, 'tablestore is cool', 20, 'bob', ['db', 'cool']),
          post('c', 1, 'this', 10, 'ann'),
          post('d', 1, '北京的天气很好', 40, 'bob', ['weather']),
          post('e', 1, 'tables and stores', 50, 'cy'),
        ]);
      });

      it('matches every token in any order, case-insensitively, whole tokens only', async () => {
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: 'this is' } })).toEqual(['a']);
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: 'TABLESTORE' } })).toEqual(['a', 'b']);
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: 'table' } })).toEqual([]);
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: '?!' } })).toEqual([]);
      });

      it('splits Chinese into single characters, as the single-word analyzer does', async () => {
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: '天气' } })).toEqual(['d']);
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: '气天' } })).toEqual(['d']);
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: '上海' } })).toEqual([]);
      });

      it('filters by whole keyword values, one of an array being enough', async () => {
        expect(await allHits(engine, { ...newest, terms: { author: 'ann' } })).toEqual(['a', 'c']);
        expect(await allHits(engine, { ...newest, terms: { tags: 'db' } })).toEqual(['a', 'b']);
        expect(await allHits(engine, { ...newest, terms: { tags: 'db', author: 'bob' } })).toEqual(['b']);
        expect(await allHits(engine, { ...newest, terms: { author: 'An' } })).toEqual([]);
        expect(await allHits(engine, { ...newest, match: { field: 'text', text: 'tablestore' }, terms: { tags: 'cool' } })).toEqual(['b']);
      });

      it('sorts largest first and pages with a cursor, each hit once', async () => {
        expect(await allHits(engine, newest)).toEqual(['e', 'd', 'a', 'b', 'c']);
        const first = await engine.search({ ...newest, limit: 2 });
        expect(first.hits.map((h) => h.id)).toEqual(['e', 'd']);
        expect(first.cursor).toEqual(expect.any(String));
        expect(await allHits(engine, { ...newest, limit: 2 })).toEqual(['e', 'd', 'a', 'b', 'c']);
        const last = await engine.search({ ...newest, limit: 5 });
        expect(last.cursor).toBeUndefined();
      });

      it('refuses a limit out of range and fields of the wrong kind', async () => {
        await expect(engine.search({ ...newest, limit: 0 })).rejects.toThrow(/limit/);
        await expect(engine.search({ ...newest, limit: 101 })).rejects.toThrow(/limit/);
        await expect(engine.search({ ...newest, sortBy: 'text' })).rejects.toThrow(/sortBy/);
        await expect(engine.search({ ...newest, match: { field: 'author', text: 'ann' } })).rejects.toThrow(/match field/);
      });
    });

    it('agrees with a brute-force reading of the same documents after updates and deletes', async () => {
      const random = seededRandom(7);
      const words = ['tea', 'rain', 'bus', 'park', '雨', '茶', 'city', 'night'];
      const docs = new Map<string, { version: number; text: string; tags: string[]; createdAt: number; deleted: boolean }>();
      for (let round = 0; round < 6; round++) {
        const changes: IndexChange[] = [];
        for (let i = 0; i < 40; i++) {
          const id = `p${Math.floor(random() * 60)}`;
          const version = (docs.get(id)?.version ?? 0) + 1 + Math.floor(random() * 2);
          const deleted = random() < 0.15;
          const text = Array.from({ length: 1 + Math.floor(random() * 4) }, () => words[Math.floor(random() * words.length)]).join(' ');
          const tags = random() < 0.5 ? ['x'] : [];
          const createdAt = Math.floor(random() * 20);
          if (changes.some((c) => c.id === id)) continue;
          docs.set(id, { version, text, tags, createdAt, deleted });
          changes.push(deleted ? { id, version } : post(id, version, text, createdAt, 'ann', tags));
        }
        await engine.apply(changes);
      }
      for (const word of words) {
        const expected = [...docs.entries()]
          .filter(([, d]) => !d.deleted && d.text.split(' ').includes(word) && d.tags.includes('x'))
          .sort(([ia, a], [ib, b]) => b.createdAt - a.createdAt || (ia < ib ? -1 : 1))
          .map(([id]) => id);
        const query = { sortBy: 'createdAt', limit: 7, match: { field: 'text', text: word }, terms: { tags: 'x' } };
        expect(await allHits(engine, query)).toEqual(expected);
      }
    });
  });
}
