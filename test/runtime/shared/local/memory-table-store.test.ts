import { MIN } from '../../../../runtime/shared/ports';
import { MemoryTableStore } from '../../../../runtime/shared/local/table-store/memory-table-store';
import { describeTableStoreContract } from '../table-store-contract';

describeTableStoreContract('MemoryTableStore', () => new MemoryTableStore());

describe('MemoryTableStore request checks', () => {
  it('rejects sentinels in a row key, mismatched key columns and duplicate batch keys', async () => {
    const store = new MemoryTableStore();
    await expect(store.putRow('t', [['pk', MIN]], {})).rejects.toThrow(/INF_MIN/);
    await store.putRow('t', [['pk', 'a']], {});
    await expect(store.putRow('t', [['other', 'a']], {})).rejects.toThrow(/do not match/);
    await expect(
      store.batchWrite('t', [
        { type: 'PUT', key: [['pk', 'x']], attributes: {} },
        { type: 'DELETE', key: [['pk', 'x']] },
      ]),
    ).rejects.toMatchObject({ code: 'OTSParameterInvalid' });
    await expect(store.updateRow('t', [['pk', 'a']], {})).rejects.toMatchObject({ code: 'OTSParameterInvalid' });
    await expect(store.updateRow('t', [['pk', 'a']], { put: { a: 1 }, increment: { a: 1 } })).rejects.toMatchObject({ code: 'OTSParameterInvalid' });
  });
});
