/** sendOutbox stopped or disturbed at each of its port calls, then retried by FC with the same requestId. */
import { FixedClock } from '../../../../runtime/shared/clock';
import { LocalPush } from '../../../../runtime/shared/local/local-push';
import { MemoryTableStore } from '../../../../runtime/shared/local/table-store/memory-table-store';
import { createLogger } from '../../../../runtime/shared/log';
import { outboxColumns, readOutbox, sendOutbox, type Notification } from '../../../../runtime/shared/outbox';
import { faultyPush, faultyStore, FaultRun, on, type FaultMode, type FaultPlan } from '../../../faults/fault-run';

const OUTBOX = { table: 'devices', key: [['deviceId', 'd1']] as Array<[string, string]>, id: 'd1', pushParameters: { deviceId: 'd1' } };
const note: Notification = { kind: 'OFFLINE', to: 'owner', recipientId: 'u1', target: 'ACCOUNT', targetValue: 'u1', title: 't', body: 'b' };
const quiet = createLogger({ requestId: 'r1', fn: 'notifier', writer: () => undefined });
const MODES: FaultMode[] = ['kill-before', 'kill-after', 'transient-before', 'lost-response'];
/** A clean send of one entry: getRow, the claim, Push, the SENT write. */
const CALLS = 4;

async function world() {
  const store = new MemoryTableStore();
  await store.putRow(OUTBOX.table, OUTBOX.key, outboxColumns(0, [note]));
  const push = new LocalPush();
  const clock = new FixedClock(1_000_000);
  /** One invocation (FC keeps the requestId across retries); faults only in the first. */
  const invoke = (run?: FaultRun, maxSendAttempts = 3) =>
    sendOutbox(
      { store: run ? faultyStore(store, run) : store, push: run ? faultyPush(push, run) : push, clock },
      OUTBOX,
      { requestId: 'r1', maxSendAttempts, log: quiet },
    );
  const entry = async () => readOutbox('d1', (await store.getRow(OUTBOX.table, OUTBOX.key))!)[0];
  return { push, invoke, entry };
}

/** The first invocation under `plan`, then FC's retries until one succeeds. */
async function deliverWith(plan: FaultPlan) {
  const w = await world();
  const run = new FaultRun([plan]);
  const first = await w.invoke(run).catch(() => undefined);
  for (let retry = 0; retry < 3 && (await w.entry()).state !== 'SENT'; retry++) await w.invoke().catch(() => undefined);
  return { ...w, first, run };
}

const sentWrite = (call: { method: string; args: unknown[] }) =>
  call.method === 'updateRow' && JSON.stringify(call.args[2]).includes('"n0State":"SENT"');

describe('sendOutbox at every stop', () => {
  it('a failed SENT write is retried as a write: Push is not called again', async () => {
    const { push, first, entry } = await deliverWith({ mode: 'transient-before', where: (c) => on('store')(c) && sentWrite(c) });
    expect(push.sent).toHaveLength(1);
    expect(first).toEqual({ sent: ['d1.n0'], failed: [] });
    expect(await entry()).toMatchObject({ state: 'SENT', messageId: 'local-1', attempts: 1 });
  });

  it('a SENT write whose answer was lost counts as sent, not failed', async () => {
    const w = await world();
    const run = new FaultRun([{ mode: 'lost-response', where: (c) => on('store')(c) && sentWrite(c) }]);
    expect(await w.invoke(run, 1)).toEqual({ sent: ['d1.n0'], failed: [] });
    expect(await w.entry()).toMatchObject({ state: 'SENT', messageId: 'local-1' });
    expect(w.push.sent).toHaveLength(1);
  });

  // Push at most once per notification id. In the one window (Push accepted, then the invocation died or lost Push's
  // answer before SENT was written) FC's retry calls Push again with the same IdempotentToken, which Mobile Push drops;
  // the app would drop it too, by notificationId.
  for (const mode of MODES) {
    for (let at = 1; at <= CALLS; at++) {
      it(`${mode} at call ${at}: delivered, at most once outside the Push window`, async () => {
        const { push, entry, run } = await deliverWith({ mode, at });
        const failedCall = run.calls[at - 1];
        const pushWindow =
          (failedCall.port === 'push' && (mode === 'kill-after' || mode === 'lost-response')) || (sentWrite(failedCall) && mode === 'kill-before');
        expect(await entry()).toMatchObject({ state: 'SENT' });
        expect(push.sent.map((p) => p.extParameters?.notificationId)).toEqual(['d1.n0']);
        expect(push.deduplicated).toBe(pushWindow ? 1 : 0);
      });
    }
  }
});
