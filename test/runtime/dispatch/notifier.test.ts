import { harness, near, pushes, type Harness } from './dispatch-harness';

async function orderWithOffers(h: Harness): Promise<string> {
  await h.seller('s1');
  await h.courier('c1', near(100));
  await h.courier('c2', near(300));
  return (await h.order('k')).body.order.orderId;
}

const states = async (h: Harness, orderId: string) => {
  const row = (await h.orderRow(orderId))!;
  return Array.from({ length: Number(row.outboxSize) }, (_, k) => row[`n${k}State`]);
};

describe('notifier', () => {
  it('sends each notification once, with its id, and marks it SENT', async () => {
    const h = harness({ offerSize: 2 });
    const orderId = await orderWithOffers(h);
    await h.invoker.drain();
    expect(h.push.sent.map((p) => [p.extParameters?.kind, p.targetValue])).toEqual([
      ['NEW_ORDER', 's1'],
      ['OFFER', 'c1'],
      ['OFFER', 'c2'],
    ]);
    expect(h.push.sent.map((p) => p.extParameters?.notificationId)).toEqual([`${orderId}.n0`, `${orderId}.n1`, `${orderId}.n2`]);
    expect(h.push.sent[1]).toMatchObject({ target: 'ACCOUNT', title: 'New delivery offer', extParameters: { orderId, round: '1' } });
    expect(await states(h, orderId)).toEqual(['SENT', 'SENT', 'SENT']);
    expect((await h.orderRow(orderId))!.n1MessageId).toBe('local-2');
  });

  it('a duplicate or retried invocation sends nothing more', async () => {
    const h = harness({ offerSize: 2 });
    const orderId = await orderWithOffers(h);
    // Duplicates racing the queued invocation, then one more after everything settled.
    const event = Buffer.from(JSON.stringify({ orderId }));
    await Promise.all([h.notifier(event, h.context('dispatch-notifier')), h.notifier(event, h.context('dispatch-notifier'))]);
    await h.invoker.drain();
    const again = await h.notifier(event, h.context('dispatch-notifier'));
    expect(again).toMatchObject({ sent: [], failed: [] });
    expect(h.push.sent).toHaveLength(3);
    expect(new Set(h.push.sent.map((p) => p.extParameters?.notificationId)).size).toBe(3);
  });

  it('a failing Push is retried up to maxSendAttempts, then recorded FAILED and never sent again', async () => {
    const h = harness({ offerSize: 2, maxSendAttempts: 3 });
    h.push.failWith = () => Object.assign(new Error('throttled'), { code: 'Throttling' });
    const orderId = await orderWithOffers(h);
    await h.invoker.drain();
    expect(h.push.sent).toHaveLength(0);
    const attemptsPer = new Map<string, number>();
    for (const p of h.push.failures) attemptsPer.set(p.extParameters!.notificationId, (attemptsPer.get(p.extParameters!.notificationId) ?? 0) + 1);
    expect([...attemptsPer.values()]).toEqual([3, 3, 3]);
    expect(await states(h, orderId)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    const row = (await h.orderRow(orderId))!;
    expect(row.n0Attempts).toBe(3);
    expect(row.n0Error).toBe('Throttling: throttled');

    h.push.failWith = undefined;
    await h.notifier(Buffer.from(JSON.stringify({ orderId })), h.context('dispatch-notifier'));
    expect(h.push.sent).toHaveLength(0);
  });

  it('a send that fails twice then succeeds is sent exactly once', async () => {
    const h = harness({ offerSize: 1, maxSendAttempts: 5 });
    let failures = 2;
    h.push.failWith = () => (failures-- > 0 ? new Error('network') : undefined);
    const orderId = await orderWithOffers(h);
    await h.invoker.drain();
    // Seller and courier entries come from two state changes (the order, its offer round): a Push each.
    expect(h.push.calls).toEqual({ Push: 4, MassPush: 0 });
    expect(h.push.failures).toHaveLength(2);
    expect(pushes(h).map((p) => p.extParameters?.kind)).toEqual(['NEW_ORDER', 'OFFER']);
    expect(await states(h, orderId)).toEqual(['SENT', 'SENT']);
  });

  it('takes over a claim whose notifier died (retry with the same requestId) and ignores a live one', async () => {
    const h = harness({ offerSize: 1 });
    const orderId = await orderWithOffers(h);
    // Freeze the queued invocation: claim n0 as if a notifier crashed mid-send.
    const deadClaim = { n0State: 'SENDING', n0ClaimedAt: h.clock.now(), n0ClaimedBy: 'dead-request' };
    await h.store.updateRow(h.deps.settings.tables.orders, [['orderId', orderId]], { put: deadClaim });
    await h.invoker.drain();
    expect(pushes(h, 'NEW_ORDER')).toHaveLength(0);
    const event = Buffer.from(JSON.stringify({ orderId }));
    await h.notifier(event, h.context('dispatch-notifier', 'dead-request'));
    expect(pushes(h, 'NEW_ORDER')).toHaveLength(1);
    expect(await states(h, orderId)).toEqual(['SENT', 'SENT']);
  });

  it('ignores a malformed event instead of retrying it', async () => {
    const h = harness();
    expect(await h.notifier(Buffer.from('[]'), h.context('dispatch-notifier'))).toMatchObject({ malformed: expect.stringContaining('$') });
  });
});
