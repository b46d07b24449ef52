/** The outbox ring (an entity that notifies for years keeps its latest entries) and several entries in one MassPush. */
import { FixedClock } from '../../../../runtime/shared/clock';
import { LocalPush } from '../../../../runtime/shared/local/local-push';
import { MemoryTableStore } from '../../../../runtime/shared/local/table-store/memory-table-store';
import { createLogger } from '../../../../runtime/shared/log';
import { outboxColumns, outboxSize, readOutbox, sendOutbox, type Notification } from '../../../../runtime/shared/outbox';

const CAPACITY = 3;
const KEY = [['deviceId', 'd1']] as Array<[string, string]>;
const OUTBOX = { table: 'devices', key: KEY, id: 'd1', pushParameters: { deviceId: 'd1' }, capacity: CAPACITY };
const note = (kind: string, target: Notification['target'] = 'ACCOUNT'): Notification => ({
  kind,
  to: 'owner',
  recipientId: 'd1',
  target,
  targetValue: 'u1',
  title: kind,
  body: `${kind}!`,
});
const quiet = createLogger({ requestId: 'r', fn: 'check', writer: () => undefined });

async function world() {
  const store = new MemoryTableStore();
  const deps = { store, push: new LocalPush(), clock: new FixedClock(1_000_000) };
  const row = async () => (await store.getRow(OUTBOX.table, OUTBOX.key)) ?? {};
  const append = async (...notes: Notification[]) => {
    await store.updateRow(OUTBOX.table, OUTBOX.key, { put: outboxColumns(outboxSize(await row()), notes, CAPACITY) });
  };
  const send = (requestId: string) => sendOutbox(deps, OUTBOX, { requestId, maxSendAttempts: 3, log: quiet });
  return { store, deps, row, append, send };
}

describe('outbox ring', () => {
  it('keeps the latest `capacity` entries in slots index % capacity, each id stable, and never grows the row', async () => {
    const w = await world();
    for (const kind of ['A', 'B', 'C', 'D', 'E']) {
      await w.append(note(kind));
      await w.send(`send-${kind}`);
    }
    const entries = readOutbox('d1', await w.row(), CAPACITY);
    expect(entries.map((e) => [e.index, e.slot, e.id, e.message.kind, e.state])).toEqual([
      [2, 2, 'd1.n2', 'C', 'SENT'],
      [3, 0, 'd1.n3', 'D', 'SENT'],
      [4, 1, 'd1.n4', 'E', 'SENT'],
    ]);
    expect(Object.keys(await w.row()).filter((c) => /^n\d+$/.test(c)).sort()).toEqual(['n0', 'n1', 'n2']);
    expect(w.deps.push.sent.map((p) => p.extParameters?.notificationId)).toEqual(['d1.n0', 'd1.n1', 'd1.n2', 'd1.n3', 'd1.n4']);
  });

  it('a superseded entry is never sent, and a claim never takes the entry that replaced the one it read', async () => {
    const w = await world();
    await w.append(note('A'), note('B'), note('C'));
    // A fourth entry overwrites slot 0 (A, unsent) before anyone sends.
    await w.append(note('D'));
    expect(await w.send('r1')).toEqual({ sent: ['d1.n1', 'd1.n2', 'd1.n3'], failed: [] });
    expect(w.deps.push.sent.map((p) => p.extParameters?.kind)).toEqual(['B', 'C', 'D']);

    // Read-then-overwrite race: the sender read E in slot 1; F replaces it before the claim.
    const v = await world();
    await v.append(note('A'), note('B'), note('C'));
    await v.send('r0');
    await v.append(note('E'));
    const realGetRow = v.store.getRow.bind(v.store);
    let raced = false;
    v.store.getRow = async (table, key) => {
      const read = await realGetRow(table, key);
      if (!raced) {
        raced = true;
        await v.append(note('F'), note('G'), note('H'));
      }
      return read;
    };
    expect(await v.send('r1')).toEqual({ sent: [], failed: [] });
    expect(v.deps.push.sent.map((p) => p.extParameters?.kind)).toEqual(['A', 'B', 'C']);
  });

  it('sends the unsent entries of a row in one MassPush, each marked SENT with its own MessageId', async () => {
    const w = await world();
    await w.append(note('A', 'ACCOUNT'), note('A', 'ALIAS'));
    expect(await w.send('r1')).toEqual({ sent: ['d1.n0', 'd1.n1'], failed: [] });
    expect(w.deps.push.calls).toEqual({ Push: 0, MassPush: 1 });
    expect(readOutbox('d1', await w.row(), CAPACITY).map((e) => [e.state, e.messageId])).toEqual([
      ['SENT', 'local-1'],
      ['SENT', 'local-2'],
    ]);
  });
});
