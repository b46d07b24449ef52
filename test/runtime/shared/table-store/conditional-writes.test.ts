import { MemoryTableStore } from '../../../../runtime/shared/local/table-store/memory-table-store';
import { ConditionFailedError, type PrimaryKey } from '../../../../runtime/shared/ports';
import {
  claim,
  claimStillHeld,
  columnAbsent,
  columnEquals,
  ifCondition,
  isConditionFailed,
  type ClaimRequest,
} from '../../../../runtime/shared/table-store';

const KEY: PrimaryKey = [['id', 'r1']];
const COLUMNS = { holder: 'by', takenAt: 'at' };

async function store(attributes?: Record<string, string | number>): Promise<MemoryTableStore> {
  const s = new MemoryTableStore();
  if (attributes) await s.putRow('t', KEY, attributes);
  return s;
}

const request = (overrides: Partial<ClaimRequest>): ClaimRequest => ({
  table: 't',
  key: KEY,
  columns: COLUMNS,
  requestId: 'req-a',
  now: 1000,
  leaseMs: 100,
  ...overrides,
});
const stateIsA = { row: 'EXPECT_EXIST', column: columnEquals('state', 'A') } as const;

describe('ifCondition', () => {
  it('is true when written, false when the condition failed, and lets other errors through', async () => {
    const s = await store({ state: 'A' });
    expect(await ifCondition(() => s.updateRow('t', KEY, { put: { state: 'B' } }, stateIsA))).toBe(true);
    expect(await ifCondition(() => s.updateRow('t', KEY, { put: { state: 'C' } }, stateIsA))).toBe(false);
    expect((await s.getRow('t', KEY))?.state).toBe('B');
    await expect(ifCondition(() => Promise.reject(new Error('network')))).rejects.toThrow('network');
  });

  it('recognises a failed condition by class or by Table Store code', () => {
    expect(isConditionFailed(new ConditionFailedError('x'))).toBe(true);
    expect(isConditionFailed(Object.assign(new Error('x'), { code: 'OTSConditionCheckFail' }))).toBe(true);
    expect(isConditionFailed(new Error('x'))).toBe(false);
    expect(isConditionFailed(undefined)).toBe(false);
  });

  it('columnAbsent passes only without the column', async () => {
    const s = await store({ state: '' });
    expect(await ifCondition(() => s.updateRow('t', KEY, { put: { x: 1 } }, { row: 'EXPECT_EXIST', column: columnAbsent('other') }))).toBe(true);
    expect(await ifCondition(() => s.updateRow('t', KEY, { put: { x: 2 } }, { row: 'EXPECT_EXIST', column: columnAbsent('state') }))).toBe(false);
  });
});

describe('claim', () => {
  it('takes a free claim with its extra changes and returns the row after', async () => {
    const s = await store({ state: 'PENDING' });
    const row = await claim(s, request({ update: { put: { state: 'WORKING' }, increment: { attempts: 1 } } }));
    expect(row).toEqual({ state: 'WORKING', attempts: 1, by: 'req-a', at: 1000 });
  });

  it('is taken back by the same requestId (an FC retry), refused to another one until the lease ran out', async () => {
    const s = await store({ by: 'req-a', at: 1000 });
    expect(await claim(s, request({ requestId: 'req-b', now: 1099 }))).toBeUndefined();
    expect(await claim(s, request({ now: 1050 }))).toMatchObject({ by: 'req-a', at: 1050 });
    expect(await claim(s, request({ requestId: 'req-b', now: 1150 }))).toMatchObject({ by: 'req-b', at: 1150 });
  });

  it('honours `free` and `requires`', async () => {
    const s = await store({ state: 'PENDING', by: 'req-old', at: 1000 });
    const pending = { free: columnEquals('state', 'PENDING'), requires: { not: columnEquals('state', 'DONE') } };
    expect(await claim(s, request({ ...pending, update: { put: { state: 'SENDING' } } }))).toMatchObject({ by: 'req-a' });
    await s.updateRow('t', KEY, { put: { state: 'DONE' } });
    expect(await claim(s, request({ ...pending, now: 5000 }))).toBeUndefined();
  });

  it('takes a row that does not exist yet only with row IGNORE', async () => {
    const s = await store();
    expect(await claim(s, request({}))).toBeUndefined();
    expect(await claim(s, request({ row: 'IGNORE' }))).toEqual({ by: 'req-a', at: 1000 });
  });

  it('claimStillHeld fails once another invocation took the claim over', async () => {
    const s = await store({});
    await claim(s, request({}));
    const held = claimStillHeld(COLUMNS, 'req-a', 1000);
    expect(await ifCondition(() => s.updateRow('t', KEY, { put: { done: 1 } }, { row: 'EXPECT_EXIST', column: held }))).toBe(true);
    await claim(s, request({ requestId: 'req-b', now: 2000 }));
    expect(await ifCondition(() => s.updateRow('t', KEY, { put: { done: 2 } }, { row: 'EXPECT_EXIST', column: held }))).toBe(false);
  });
});
