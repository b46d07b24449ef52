/**
 * The TableStore port's contract. Any adapter that can reach a table runs it:
 * `describeTableStoreContract('MemoryTableStore', () => new MemoryTableStore())`.
 */
import {
  ConditionFailedError,
  MAX,
  MIN,
  type ColumnCondition,
  type PrimaryKey,
  type TableStore,
} from '../../../runtime/shared/ports';

export function describeTableStoreContract(name: string, makeStore: () => TableStore | Promise<TableStore>): void {
  describe(`${name} honours the TableStore contract`, () => {
    let store: TableStore;
    let table: string;
    let tableSeq = 0;
    const key = (id: string, n = 0): PrimaryKey => [
      ['pk', id],
      ['seq', n],
    ];

    beforeEach(async () => {
      store = await makeStore();
      table = `contract_${Date.now()}_${tableSeq++}`;
    });

    describe('ordering and ranges', () => {
      it('returns rows in primary-key order, column by column, strings by UTF-8 bytes', async () => {
        const ids: Array<[string, number]> = [
          ['b', 2],
          ['a', 10],
          ['b', 1],
          ['a', 9],
          ['\u{1F600}', 0], // astral plane: above U+FFFD in UTF-8, below it in UTF-16
          ['\uFFFD', 0],
        ];
        for (const [id, n] of ids) await store.putRow(table, key(id, n), { v: `${id}${n}` });
        const page = await store.getRange(table, [['pk', MIN], ['seq', MIN]], [['pk', MAX], ['seq', MAX]]);
        expect(page.rows.map((r) => r.key)).toEqual([
          key('a', 9),
          key('a', 10),
          key('b', 1),
          key('b', 2),
          key('\uFFFD', 0),
          key('\u{1F600}', 0),
        ]);
        expect(page.next).toBeUndefined();
      });

      it('includes start, excludes end, and MIN/MAX bound a prefix', async () => {
        for (let n = 0; n < 5; n++) await store.putRow(table, key('a', n), {});
        await store.putRow(table, key('b', 0), {});
        const a = await store.getRange(table, [['pk', 'a'], ['seq', MIN]], [['pk', 'a'], ['seq', MAX]]);
        expect(a.rows.map((r) => r.key[1][1])).toEqual([0, 1, 2, 3, 4]);
        const mid = await store.getRange(table, key('a', 1), key('a', 3));
        expect(mid.rows.map((r) => r.key[1][1])).toEqual([1, 2]);
      });

      it('pages with limit and next until the range is exhausted', async () => {
        for (let n = 0; n < 7; n++) await store.putRow(table, key('a', n), { n });
        const seen: number[] = [];
        let start: PrimaryKey | undefined = [['pk', 'a'], ['seq', MIN]];
        let pages = 0;
        while (start) {
          const page = await store.getRange(table, start, [['pk', 'a'], ['seq', MAX]], { limit: 3 });
          seen.push(...page.rows.map((r) => r.attributes.n as number));
          start = page.next;
          pages++;
        }
        expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect(pages).toBe(3);
      });

      it('caps a page at 5000 rows and reads backward when asked', async () => {
        await store.batchWrite(table, Array.from({ length: 200 }, (_, n) => ({ type: 'PUT' as const, key: key('a', n), attributes: {} })));
        const all = await store.getRange(table, [['pk', 'a'], ['seq', MIN]], [['pk', 'a'], ['seq', MAX]], { limit: 100000 });
        expect(all.rows).toHaveLength(200);
        const back = await store.getRange(table, key('a', 5), key('a', 1), { direction: 'BACKWARD' });
        expect(back.rows.map((r) => r.key[1][1])).toEqual([5, 4, 3, 2]);
      });

      it('rejects a non-positive limit', async () => {
        await expect(store.getRange(table, key('a'), key('b'), { limit: 0 })).rejects.toThrow();
      });
    });

    describe('conditions', () => {
      it('row existence: EXPECT_NOT_EXIST creates once, EXPECT_EXIST needs the row', async () => {
        await store.putRow(table, key('a'), { v: 1 }, { row: 'EXPECT_NOT_EXIST' });
        await expect(store.putRow(table, key('a'), { v: 2 }, { row: 'EXPECT_NOT_EXIST' })).rejects.toBeInstanceOf(ConditionFailedError);
        await expect(store.updateRow(table, key('b'), { put: { v: 1 } }, { row: 'EXPECT_EXIST' })).rejects.toBeInstanceOf(ConditionFailedError);
        await expect(store.deleteRow(table, key('b'), { row: 'EXPECT_EXIST' })).rejects.toBeInstanceOf(ConditionFailedError);
        expect(await store.getRow(table, key('a'))).toEqual({ v: 1 });
        expect(await store.getRow(table, key('b'))).toBeUndefined();
        await store.deleteRow(table, key('b')); // IGNORE on a missing row is fine
      });

      const cases: Array<[string, number, boolean]> = [
        ['=', 5, true],
        ['=', 6, false],
        ['!=', 6, true],
        ['!=', 5, false],
        ['>', 4, true],
        ['>', 5, false],
        ['>=', 5, true],
        ['>=', 6, false],
        ['<', 6, true],
        ['<', 5, false],
        ['<=', 5, true],
        ['<=', 4, false],
      ];
      it.each(cases)('column %s %d on a row holding 5 → holds: %s', async (op, value, holds) => {
        await store.putRow(table, key('a'), { n: 5 });
        const attempt = store.putRow(table, key('a'), { n: 7 }, { row: 'IGNORE', column: { column: 'n', op: op as '=', value } });
        if (holds) await attempt;
        else await expect(attempt).rejects.toBeInstanceOf(ConditionFailedError);
        expect((await store.getRow(table, key('a')))?.n).toBe(holds ? 7 : 5);
      });

      it('compares strings and booleans', async () => {
        await store.putRow(table, key('a'), { s: 'm', b: true });
        await store.updateRow(table, key('a'), { put: { x: 1 } }, { row: 'EXPECT_EXIST', column: { column: 's', op: '>', value: 'a' } });
        await expect(
          store.updateRow(table, key('a'), { put: { x: 2 } }, { row: 'EXPECT_EXIST', column: { column: 'b', op: '=', value: false } }),
        ).rejects.toBeInstanceOf(ConditionFailedError);
      });

      it('passIfMissing defaults to true and can be turned off', async () => {
        await store.putRow(table, key('a'), {});
        await store.updateRow(table, key('a'), { put: { v: 1 } }, { row: 'EXPECT_EXIST', column: { column: 'gone', op: '=', value: 1 } });
        await expect(
          store.updateRow(table, key('a'), { put: { v: 2 } }, {
            row: 'EXPECT_EXIST',
            column: { column: 'gone', op: '=', value: 1, passIfMissing: false },
          }),
        ).rejects.toBeInstanceOf(ConditionFailedError);
        expect(await store.getRow(table, key('a'))).toEqual({ v: 1 });
      });

      it('and / or / not combine', async () => {
        await store.putRow(table, key('a'), { state: 'queued', tries: 2 });
        const queued: ColumnCondition = { column: 'state', op: '=', value: 'queued' };
        const fewTries: ColumnCondition = { column: 'tries', op: '<', value: 3 };
        const manyTries: ColumnCondition = { column: 'tries', op: '>=', value: 3 };
        const check = (column: ColumnCondition) => store.updateRow(table, key('a'), { put: { seen: true } }, { row: 'EXPECT_EXIST', column });
        await check({ and: [queued, fewTries] });
        await expect(check({ and: [queued, manyTries] })).rejects.toBeInstanceOf(ConditionFailedError);
        await check({ or: [manyTries, queued] });
        await expect(check({ or: [manyTries, { not: queued }] })).rejects.toBeInstanceOf(ConditionFailedError);
        await check({ not: manyTries });
        await expect(check({ not: { and: [queued, fewTries] } })).rejects.toBeInstanceOf(ConditionFailedError);
      });

      it('a failed condition writes nothing', async () => {
        await store.putRow(table, key('a'), { v: 1, keep: 'x' });
        await expect(
          store.updateRow(table, key('a'), { put: { v: 2 }, delete: ['keep'], increment: { c: 1 } }, {
            row: 'IGNORE',
            column: { column: 'v', op: '=', value: 9 },
          }),
        ).rejects.toBeInstanceOf(ConditionFailedError);
        await expect(store.deleteRow(table, key('a'), { row: 'IGNORE', column: { column: 'v', op: '=', value: 9 } })).rejects.toBeInstanceOf(
          ConditionFailedError,
        );
        expect(await store.getRow(table, key('a'))).toEqual({ v: 1, keep: 'x' });
      });
    });

    describe('updates', () => {
      it('with returnRow false returns only the incremented columns after the change, and writes the same', async () => {
        await store.updateRow(table, key('a'), { put: { name: 'job' }, increment: { done: 2 } });
        const noRow = { returnRow: false };
        expect(await store.updateRow(table, key('a'), { put: { state: 'x' }, increment: { done: 1 } }, undefined, noRow)).toEqual({ done: 3 });
        expect(await store.updateRow(table, key('a'), { put: { state: 'y' } }, { row: 'EXPECT_EXIST' }, noRow)).toEqual({});
        expect(await store.getRow(table, key('a'))).toEqual({ name: 'job', done: 3, state: 'y' });
      });

      it('INCREMENT starts missing columns at 0 and returns the row after the change', async () => {
        expect(await store.updateRow(table, key('a'), { increment: { done: 1 } })).toEqual({ done: 1 });
        await store.updateRow(table, key('a'), { put: { name: 'job' } });
        expect(await store.updateRow(table, key('a'), { increment: { done: 2, failed: 1 } })).toEqual({ name: 'job', done: 3, failed: 1 });
        expect(await store.updateRow(table, key('a'), { increment: { done: -1 }, delete: ['failed'], put: { state: 'x' } })).toEqual({
          name: 'job',
          done: 2,
          state: 'x',
        });
        expect(await store.getRow(table, key('a'))).toEqual({ name: 'job', done: 2, state: 'x' });
      });

      it('concurrent INCREMENTs are not lost', async () => {
        await Promise.all(Array.from({ length: 20 }, () => store.updateRow(table, key('a'), { increment: { n: 1 } })));
        expect((await store.getRow(table, key('a')))?.n).toBe(20);
      });

      it('INCREMENT works only on integers', async () => {
        await store.putRow(table, key('a'), { d: 1.5, s: 'x' });
        await expect(store.updateRow(table, key('a'), { increment: { d: 1 } })).rejects.toThrow();
        await expect(store.updateRow(table, key('a'), { increment: { s: 1 } })).rejects.toThrow();
        await expect(store.updateRow(table, key('a'), { increment: { n: 0.5 } })).rejects.toThrow();
        expect(await store.getRow(table, key('a'))).toEqual({ d: 1.5, s: 'x' });
      });

      it('keeps integers and doubles distinct', async () => {
        await store.putRow(table, key('a'), { i: 3, d: 3.25 });
        const row = await store.getRow(table, key('a'));
        expect(row).toEqual({ i: 3, d: 3.25 });
        // INTEGER 3 is not the DOUBLE 3.5, and a DOUBLE column is not an INTEGER one.
        await expect(
          store.updateRow(table, key('a'), { put: { x: 1 } }, { row: 'EXPECT_EXIST', column: { column: 'd', op: '<', value: 4 } }),
        ).rejects.toBeInstanceOf(ConditionFailedError);
        await store.updateRow(table, key('a'), { put: { x: 1 } }, { row: 'EXPECT_EXIST', column: { column: 'd', op: '<', value: 4.5 } });
        await store.updateRow(table, key('a'), { put: { x: 2 } }, { row: 'EXPECT_EXIST', column: { column: 'i', op: '=', value: 3 } });
      });

      it('putRow replaces the whole row', async () => {
        await store.putRow(table, key('a'), { a: 1, b: 2 });
        await store.putRow(table, key('a'), { c: 3 });
        expect(await store.getRow(table, key('a'))).toEqual({ c: 3 });
      });
    });

    describe('batch writes', () => {
      it('accepts 200 rows and rejects 201 without writing', async () => {
        const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'PUT' as const, key: key('b', i), attributes: { i } }));
        await expect(store.batchWrite(table, rows(201))).rejects.toThrow(/200/);
        expect(await store.getRow(table, key('b', 0))).toBeUndefined();
        const results = await store.batchWrite(table, rows(200));
        expect(results).toHaveLength(200);
        expect(results.every((r) => r.ok)).toBe(true);
      });

      it('reports per-row results in request order; a failed row does not stop the others', async () => {
        await store.putRow(table, key('exists'), { v: 1 });
        const results = await store.batchWrite(table, [
          { type: 'PUT', key: key('new1'), attributes: { v: 1 } },
          { type: 'PUT', key: key('exists'), attributes: { v: 2 }, condition: { row: 'EXPECT_NOT_EXIST' } },
          { type: 'UPDATE', key: key('new2'), update: { increment: { c: 5 } } },
          { type: 'DELETE', key: key('missing'), condition: { row: 'EXPECT_EXIST' } },
        ]);
        expect(results[0]).toEqual({ ok: true });
        expect(results[1]).toMatchObject({ ok: false, code: 'OTSConditionCheckFail' });
        expect(results[2]).toEqual({ ok: true });
        expect(results[3]).toMatchObject({ ok: false, code: 'OTSConditionCheckFail' });
        expect(await store.getRow(table, key('new1'))).toEqual({ v: 1 });
        expect(await store.getRow(table, key('exists'))).toEqual({ v: 1 });
        expect(await store.getRow(table, key('new2'))).toEqual({ c: 5 });
      });
    });

    describe('values are copied in and out', () => {
      it('no aliasing of Buffers, attribute objects or keys', async () => {
        const blob = Buffer.from('abc');
        const attributes = { blob, n: 1 };
        const k = key('a');
        await store.putRow(table, k, attributes);
        blob[0] = 0x7a;
        attributes.n = 2;
        k[0][1] = 'zzz';
        const read = await store.getRow(table, key('a'));
        expect(read).toEqual({ blob: Buffer.from('abc'), n: 1 });
        (read!.blob as Buffer)[0] = 0x7a;
        expect(((await store.getRow(table, key('a')))!.blob as Buffer).toString()).toBe('abc');
        const page = await store.getRange(table, [['pk', MIN], ['seq', MIN]], [['pk', MAX], ['seq', MAX]]);
        page.rows[0].key[0][1] = 'mutated';
        expect((await store.getRange(table, [['pk', MIN], ['seq', MIN]], [['pk', MAX], ['seq', MAX]])).rows[0].key).toEqual(key('a'));
      });
    });
  });
}
