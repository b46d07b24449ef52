/** Table Store's request rules, enforced by both adapters before anything is written. */
import { toSdkCondition } from '../../../runtime/shared/cloud/tablestore-values';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import type { ColumnCondition } from '../../../runtime/shared/ports';
import { columnConditionCount, MAX_COLUMN_CONDITIONS } from '../../../runtime/shared/table-store-limits';

const eq = (i: number): ColumnCondition => ({ column: `c${i}`, op: '=', value: i, passIfMissing: true });
const many = (n: number): ColumnCondition => ({ and: Array.from({ length: n }, (_, i) => eq(i)) });

describe('column conditions per write', () => {
  it('counts single-column conditions through and, or and not', () => {
    expect(columnConditionCount({ or: [many(3), { not: eq(9) }] })).toBe(4);
  });

  it(`takes ${MAX_COLUMN_CONDITIONS} and refuses ${MAX_COLUMN_CONDITIONS + 1} with OTSParameterInvalid, writing nothing`, async () => {
    const store = new MemoryTableStore();
    const key: Array<[string, string]> = [['id', 'a']];
    await store.updateRow('t', key, { put: { x: 1 } }, { row: 'IGNORE', column: many(MAX_COLUMN_CONDITIONS) });
    await expect(store.updateRow('t', key, { put: { x: 2 } }, { row: 'IGNORE', column: many(MAX_COLUMN_CONDITIONS + 1) })).rejects.toMatchObject({
      code: 'OTSParameterInvalid',
    });
    expect(await store.getRow('t', key)).toEqual({ x: 1 });
    expect(() => toSdkCondition({} as never, { row: 'IGNORE', column: many(MAX_COLUMN_CONDITIONS + 1) })).toThrow(/at most 10 column conditions/);
  });
});
