/** Table Store's request rules, enforced by both adapters before anything is written. */
import { OtsTableStore } from '../../../runtime/shared/cloud/ots-table-store';
import { OtsWireClient } from '../../../runtime/shared/cloud/ots-wire/client';
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
    // The cloud adapter refuses it before sending anything (nothing listens on port 9).
    const credentials = { accessKeyId: 'a', accessKeySecret: 's' };
    const cloud = new OtsTableStore(new OtsWireClient({ endpoint: 'http://127.0.0.1:9', instanceName: 'i', credentials }));
    await expect(cloud.updateRow('t', key, { put: { x: 2 } }, { row: 'IGNORE', column: many(MAX_COLUMN_CONDITIONS + 1) })).rejects.toThrow(
      /at most 10 column conditions/,
    );
  });
});
