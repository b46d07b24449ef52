/** Entries with an expiresAt: pushed while it is ahead, recorded EXPIRED (never pushed) once it has passed, whoever gets there late. */
import { FixedClock } from '../../../../runtime/shared/clock';
import { LocalPush } from '../../../../runtime/shared/local/local-push';
import { MemoryTableStore } from '../../../../runtime/shared/local/table-store/memory-table-store';
import { createLogger } from '../../../../runtime/shared/log';
import { CLAIM_LEASE_MS, outboxColumns, readOutbox, sendOutbox, type Notification } from '../../../../runtime/shared/outbox';
import { faultyPush, faultyStore, FaultRun, on } from '../../../faults/fault-run';

const T0 = 1_000_000;
const EXPIRES_AT = T0 + 30_000;
const OUTBOX = { table: 'devices', key: [['deviceId', 'd1']] as Array<[string, string]>, id: 'd1', pushParameters: { deviceId: 'd1' } };
const note = (kind: string, expiresAt?: number): Notification => ({
  kind,
  to: 'owner',
  recipientId: 'u1',
  target: 'ACCOUNT',
  targetValue: 'u1',
  title: kind,
  body: `${kind}!`,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});
const quiet = createLogger({ requestId: 'r1', fn: 'notifier', writer: () => undefined });

async function world() {
  const store = new MemoryTableStore();
  await store.putRow(OUTBOX.table, OUTBOX.key, outboxColumns(0, [note('OFFER', EXPIRES_AT), note('NEWS')]));
  const push = new LocalPush();
  const clock = new FixedClock(T0);
  const invoke = (requestId: string, run?: FaultRun) =>
    sendOutbox(
      { store: run ? faultyStore(store, run) : store, push: run ? faultyPush(push, run) : push, clock },
      OUTBOX,
      { requestId, maxSendAttempts: 3, log: quiet },
    );
  const entries = async () => readOutbox('d1', (await store.getRow(OUTBOX.table, OUTBOX.key))!);
  const kinds = () => push.sent.map((p) => p.extParameters?.kind);
  return { clock, push, invoke, entries, kinds };
}

describe('sendOutbox with expiring entries', () => {
  it('sends an entry before its expiresAt like any other', async () => {
    const w = await world();
    w.clock.advance(29_999);
    expect(await w.invoke('r1')).toEqual({ sent: ['d1.n0', 'd1.n1'], failed: [] });
    expect(w.kinds()).toEqual(['OFFER', 'NEWS']);
  });

  it('a notifier that comes at or after expiresAt records EXPIRED with the reason, pushes only the rest, and never again', async () => {
    const w = await world();
    w.clock.advance(30_000);
    expect(await w.invoke('r1')).toEqual({ sent: ['d1.n1'], failed: ['d1.n0'] });
    expect(w.kinds()).toEqual(['NEWS']);
    expect((await w.entries())[0]).toMatchObject({ state: 'EXPIRED', attempts: 0, error: expect.stringMatching(/^expired at .* before it could be sent$/) });
    expect(await w.invoke('r2')).toEqual({ sent: [], failed: [] });
    expect(w.push.sent).toHaveLength(1);
  });

  it('a send that failed before expiresAt and is retried after it is not pushed', async () => {
    const w = await world();
    const run = new FaultRun([{ mode: 'transient-before', where: on('push') }]);
    // Both entries were claimed and sent in one MassPush, which failed.
    await expect(w.invoke('r1', run)).rejects.toThrow(/retrying/);
    expect(w.kinds()).toEqual([]);
    // FC's retry of the same invocation, after expiresAt: the news goes, the void offer does not.
    w.clock.advance(60_000);
    expect(await w.invoke('r1')).toEqual({ sent: ['d1.n1'], failed: ['d1.n0'] });
    expect(w.kinds()).toEqual(['NEWS']);
    expect((await w.entries())[0]).toMatchObject({ state: 'EXPIRED', attempts: 1 });
  });

  it('an entry claimed by a notifier that died before Push is taken over after expiresAt as EXPIRED, not pushed', async () => {
    const w = await world();
    const run = new FaultRun([{ mode: 'kill-before', where: on('push') }]);
    await expect(w.invoke('r1', run)).rejects.toThrow();
    expect(run.killed).toBe(true);
    expect((await w.entries())[0].state).toBe('SENDING');
    w.clock.advance(CLAIM_LEASE_MS);
    expect(await w.invoke('r2')).toEqual({ sent: ['d1.n1'], failed: ['d1.n0'] });
    expect(w.kinds()).toEqual(['NEWS']);
    expect((await w.entries())[0]).toMatchObject({ state: 'EXPIRED', claimedBy: 'r2' });
  });
});
