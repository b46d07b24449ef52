import { FixedClock } from '../../../../runtime/shared/clock';
import { LocalPush } from '../../../../runtime/shared/local/local-push';
import { MemoryTableStore } from '../../../../runtime/shared/local/table-store/memory-table-store';
import { createLogger } from '../../../../runtime/shared/log';
import { CLAIM_LEASE_MS, hasUnsent, outboxColumns, readOutbox, sendOutbox, type Notification } from '../../../../runtime/shared/outbox';

/** Any entity's row holds its outbox: here a device in a table of its own. */
const OUTBOX = { table: 'devices', key: [['deviceId', 'd1']] as Array<[string, string]>, id: 'd1', pushParameters: { deviceId: 'd1' } };
const note = (kind: string): Notification => ({
  kind,
  to: 'owner',
  recipientId: 'u1',
  target: 'ACCOUNT',
  targetValue: 'u1',
  title: kind,
  body: `${kind}!`,
});
const quiet = (requestId: string) => createLogger({ requestId, fn: 'notifier', writer: () => undefined });

async function world(kinds: string[]) {
  const store = new MemoryTableStore();
  await store.putRow(OUTBOX.table, OUTBOX.key, { status: 'OFFLINE', ...outboxColumns(0, kinds.map(note)) });
  const deps = { store, push: new LocalPush(), clock: new FixedClock(1_000_000) };
  const send = (requestId: string, maxSendAttempts = 3) => sendOutbox(deps, OUTBOX, { requestId, maxSendAttempts, log: quiet(requestId) });
  const entries = async () => readOutbox('d1', (await store.getRow(OUTBOX.table, OUTBOX.key))!);
  return { deps, send, entries };
}

describe('sendOutbox', () => {
  it('sends each entry once with its id and the row parameters, and never again', async () => {
    const { deps, send, entries } = await world(['OFFLINE', 'LOW_BATTERY']);
    expect(await send('r1')).toEqual({ sent: ['d1.n0', 'd1.n1'], failed: [] });
    expect(deps.push.sent.map((p) => p.extParameters)).toEqual([
      { notificationId: 'd1.n0', deviceId: 'd1', kind: 'OFFLINE' },
      { notificationId: 'd1.n1', deviceId: 'd1', kind: 'LOW_BATTERY' },
    ]);
    expect(await send('r2')).toEqual({ sent: [], failed: [] });
    expect(deps.push.sent).toHaveLength(2);
    expect(hasUnsent(await entries())).toBe(false);
  });

  it('throws for a retry while attempts remain, then records FAILED', async () => {
    const { deps, send, entries } = await world(['OFFLINE']);
    deps.push.failWith = () => Object.assign(new Error('throttled'), { code: 'Throttling' });
    await expect(send('r1', 2)).rejects.toThrow('notifications d1.n0 of d1 failed to send; retrying');
    expect((await entries())[0]).toMatchObject({ state: 'PENDING', attempts: 1 });
    expect(await send('r1', 2)).toEqual({ sent: [], failed: ['d1.n0'] });
    expect((await entries())[0]).toMatchObject({ state: 'FAILED', attempts: 2, error: 'Throttling: throttled' });
    deps.push.failWith = undefined;
    expect(await send('r3', 2)).toEqual({ sent: [], failed: [] });
    expect(deps.push.sent).toHaveLength(0);
  });

  it("leaves another notifier's live claim alone and takes it over once its lease ran out", async () => {
    const { deps, send } = await world(['OFFLINE']);
    await deps.store.updateRow(OUTBOX.table, OUTBOX.key, { put: { n0State: 'SENDING', n0ClaimedBy: 'dead', n0ClaimedAt: deps.clock.now() } });
    expect(await send('r1')).toEqual({ sent: [], failed: [] });
    deps.clock.advance(CLAIM_LEASE_MS);
    expect(await send('r2')).toEqual({ sent: ['d1.n0'], failed: [] });
  });

  it('answers undefined for a row that does not exist', async () => {
    const { deps } = await world([]);
    const missing = { ...OUTBOX, key: [['deviceId', 'nope']] as Array<[string, string]> };
    expect(await sendOutbox(deps, missing, { requestId: 'r', maxSendAttempts: 1, log: quiet('r') })).toBeUndefined();
  });
});
