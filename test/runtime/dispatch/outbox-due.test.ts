/** Notifications of an API that died after its state write (and whose client never retried) are still sent. */
import { createApiHandler } from '../../../runtime/dispatch/api';
import { faultyStore, FaultRun, on } from '../../faults/fault-run';
import { apiEvent, harness, near, pushes, type Harness } from './dispatch-harness';

/** An order ASSIGNED to c1, every notification so far sent. */
async function assigned(h: Harness): Promise<string> {
  await h.seller('s1');
  await h.courier('c1', near(100));
  const orderId = (await h.order('k')).body.order.orderId;
  expect((await h.call('POST', `/orders/${orderId}/accept`, { courierId: 'c1' })).status).toBe(200);
  await h.invoker.drain();
  return orderId;
}

/** The API as FC runs it, killed right after its write to the orders row lands. */
async function apiKilledAfterOrderWrite(h: Harness, method: string, path: string, body: unknown) {
  const run = new FaultRun([{ mode: 'kill-after', where: on('store', 'updateRow', h.deps.settings.tables.orders) }]);
  const api = createApiHandler({ ...h.deps, store: faultyStore(h.store, run) });
  await api(apiEvent(method, path, body), h.context('dispatch-api'));
  expect(run.killed).toBe(true);
}

/** The sweeper timer, with the step offer-sweeper.ts is to call (one line, not on this branch: that file is another's). */
async function sweep(h: Harness) {
  await h.sweeper(Buffer.from('{}'), h.context('dispatch-offer-sweeper'));
}

describe('outbox entries whose notifier was never queued', () => {
  it('the API dies right after its state write, nobody retries: the sweeper timer gets the notification sent', async () => {
    const h = harness();
    const orderId = await assigned(h);
    await apiKilledAfterOrderWrite(h, 'POST', `/orders/${orderId}/pickup`, { courierId: 'c1' });
    expect((await h.orderRow(orderId))!.status).toBe('PICKED_UP');
    await h.invoker.drain();
    expect(pushes(h, 'PICKED_UP')).toHaveLength(0);

    h.clock.advance(5 * 60_000);
    await sweep(h);
    await h.invoker.drain();
    expect(pushes(h, 'PICKED_UP')).toHaveLength(1);
  });

  it('a dispatch run leaves no due markers once its notifications are delivered and the next sweep ran', async () => {
    const h = harness();
    const orderId = await assigned(h);
    expect((await h.call('POST', `/orders/${orderId}/pickup`, { courierId: 'c1' })).status).toBe(200);
    await h.invoker.drain();
    h.clock.advance(61_000);
    await sweep(h);
    expect((await h.snapshot()).outbox_due).toEqual([]);
  });

  // Every store call of a pickup, stopped before or after it; nobody retries the request.
  for (const mode of ['kill-before', 'kill-after'] as const) {
    for (let at = 1; at <= 4; at++) {
      it(`pickup ${mode} store call ${at}: once its state landed, its notification is sent once and the marker goes`, async () => {
        const h = harness();
        const orderId = await assigned(h);
        const run = new FaultRun([{ mode, at }]);
        const api = createApiHandler({ ...h.deps, store: faultyStore(h.store, run) });
        await api(apiEvent('POST', `/orders/${orderId}/pickup`, { courierId: 'c1' }), h.context('dispatch-api'));
        await h.invoker.drain();
        for (let minute = 0; minute < 20; minute++) {
          h.clock.advance(60_000);
          await sweep(h);
          await h.invoker.drain();
        }
        const pickedUp = (await h.orderRow(orderId))!.status === 'PICKED_UP';
        expect(pushes(h, 'PICKED_UP')).toHaveLength(pickedUp ? 1 : 0);
        expect((await h.snapshot()).outbox_due).toEqual([]);
      });
    }
  }
});
