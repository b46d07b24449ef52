/** Due markers over any entity's outbox row: here devices, whose rows carry a version. */
import { FixedClock } from '../../../../runtime/shared/clock';
import { LocalPush } from '../../../../runtime/shared/local/local-push';
import { MemoryTableStore } from '../../../../runtime/shared/local/table-store/memory-table-store';
import { createLogger } from '../../../../runtime/shared/log';
import {
  DUE_GRACE_MS,
  DUE_SETTLE_MS,
  markDue,
  outboxColumns,
  resendDue,
  sendOutbox,
  type DueOutboxes,
  type Notification,
} from '../../../../runtime/shared/outbox';
import type { Invoker } from '../../../../runtime/shared/ports';

const KEY: Array<[string, string]> = [['deviceId', 'd1']];
const DUE: DueOutboxes = { table: 'devices_due', versionColumn: 'version', rows: 'devices', keyColumn: 'deviceId' };
const OUTBOX = { table: 'devices', key: KEY, id: 'd1', pushParameters: { deviceId: 'd1' } };
const note: Notification = { kind: 'OFFLINE', to: 'owner', recipientId: 'u1', target: 'ACCOUNT', targetValue: 'u1', title: 't', body: 'b' };
const log = createLogger({ requestId: 'r', fn: 'test', writer: () => undefined });

async function world() {
  const store = new MemoryTableStore();
  const clock = new FixedClock(1_000_000);
  const queued: unknown[] = [];
  const invoker: Invoker = { invokeAsync: async (_fn, payload) => void queued.push(payload) };
  const push = new LocalPush();
  /** A state change that adds one notification, marked first as writers do. */
  const change = async (version: number, size: number) => {
    await markDue(store, DUE, KEY, version, clock.now());
    await store.updateRow('devices', KEY, { put: { version, ...outboxColumns(size, [note]) } });
  };
  const send = (requestId = 'n1') => sendOutbox({ store, push, clock }, OUTBOX, { requestId, maxSendAttempts: 3, log });
  const resend = () => resendDue({ store, invoker, notifierFunction: 'notifier', due: DUE, log }, clock.now());
  const marker = () => store.getRow(DUE.table, KEY);
  return { store, clock, queued, push, change, send, resend, marker };
}

describe('due markers', () => {
  it('the notifier leaves the marker: the timer drops it once the row is delivered, after repeating the writer\'s follow-ups', async () => {
    const w = await world();
    await w.change(1, 0);
    expect(await w.marker()).toMatchObject({ version: 1 });
    await w.send();
    expect(await w.marker()).toMatchObject({ version: 1 });
    const finished: string[] = [];
    w.clock.advance(DUE_SETTLE_MS);
    const finish = async (id: string) => void finished.push(id);
    const deps = { store: w.store, invoker: { invokeAsync: async () => undefined }, notifierFunction: 'n', due: DUE, log, finish };
    expect(await resendDue(deps, w.clock.now())).toEqual({ scanned: 1, queued: 0, cleared: 1 });
    expect(finished).toEqual(['d1']);
    expect(await w.marker()).toBeUndefined();
  });

  it("a later writer's marker survives a late lower mark", async () => {
    const w = await world();
    await w.change(1, 0);
    await markDue(w.store, DUE, KEY, 2, w.clock.now());
    expect(await w.marker()).toMatchObject({ version: 2 });
    await markDue(w.store, DUE, KEY, 1, w.clock.now());
    expect(await w.marker()).toMatchObject({ version: 2 });
  });

  it('the timer queues the notifier for unsent entries once settled, and drops a marker with nothing left', async () => {
    const w = await world();
    await w.change(1, 0);
    expect(await w.resend()).toEqual({ scanned: 1, queued: 0, cleared: 0 });
    w.clock.advance(DUE_SETTLE_MS);
    expect(await w.resend()).toEqual({ scanned: 1, queued: 1, cleared: 0 });
    expect(w.queued).toEqual([{ deviceId: 'd1' }]);
    // The queued notifier sent everything.
    await w.push.push({ target: 'ACCOUNT', targetValue: 'u1', title: 't', body: 'b' });
    await w.store.updateRow('devices', KEY, { put: { n0State: 'SENT' } });
    expect(await w.resend()).toEqual({ scanned: 1, queued: 0, cleared: 1 });
    expect(await w.marker()).toBeUndefined();
  });

  it('a marker whose write never landed is kept for DUE_GRACE_MS, then dropped', async () => {
    const w = await world();
    await w.change(1, 0);
    await w.send();
    // A writer marked version 2 and died before its write.
    await markDue(w.store, DUE, KEY, 2, w.clock.now());
    w.clock.advance(DUE_GRACE_MS - 1);
    expect(await w.resend()).toMatchObject({ queued: 0, cleared: 0 });
    w.clock.advance(1);
    expect(await w.resend()).toMatchObject({ queued: 0, cleared: 1 });
  });
});
