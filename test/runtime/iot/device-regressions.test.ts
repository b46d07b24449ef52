/** The holes an adversarial review found in the device part (issue 8), each fixed: every test failed before its fix. */
import { propertyPostMessage, statusMessage } from '../../../runtime/iot/local/rule-engine-messages';
import { PushRefusedError, type ColumnCondition } from '../../../runtime/shared/ports';
import { DEVICE, DEVICE_ID, deviceHarness, T0 } from './device-harness';

type H = ReturnType<typeof deviceHarness>;
async function bound(h: H, ...owners: string[]) {
  for (const owner of owners) expect((await h.call('PUT', `/devices/${DEVICE_ID}/owners/${owner}`)).status).toBe(201);
}
const row = (h: H) => h.store.getRow('devices', [['deviceId', DEVICE_ID]]);
const told = (h: H) => h.push.sent.map((p) => `${p.target}:${p.extParameters?.status}`);

function leafConditions(c: ColumnCondition | undefined): number {
  if (!c) return 0;
  if ('and' in c) return c.and.reduce((n, s) => n + leafConditions(s), 0);
  if ('or' in c) return c.or.reduce((n, s) => n + leafConditions(s), 0);
  if ('not' in c) return leafConditions(c.not);
  return 1;
}

describe('device part regressions', () => {
  it('a change whose check was never queued is checked once any later message of the device arrives, whatever its outcome', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice');
    const real = h.invoker.invokeAsync.bind(h.invoker);
    let refuse = true;
    h.invoker.invokeAsync = async (...args: Parameters<typeof real>) => {
      if (refuse) {
        refuse = false;
        throw new Error('ServiceUnavailable');
      }
      return real(...args);
    };
    const offline = statusMessage(DEVICE, 'offline', T0);
    await expect(h.deliver(offline)).rejects.toThrow('ServiceUnavailable');
    expect((await h.deliver(statusMessage(DEVICE, 'offline', T0 + 5_000))).outcome).toBe('unchanged');
    expect((await h.deliver(offline)).outcome).toBe('stale');
    await h.advance(3_600_000);
    expect(told(h)).toEqual(['ACCOUNT:offline']);
  });

  it('two changes in one millisecond get different changedAt, so the second is decided too (debounce 0)', async () => {
    const h = deviceHarness({ debounceSeconds: 0, minNotifyIntervalSeconds: 0 });
    await bound(h, 'account:alice');
    await h.status('online');
    await h.advance(0);
    await h.status('offline', T0 + 1);
    await h.advance(3_600_000);
    expect(told(h)).toEqual(['ACCOUNT:online', 'ACCOUNT:offline']);
  });

  it('a MassPush refused for one bad target is sent entry by entry: the good owner kind is told', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice', 'alias:kitchen');
    h.push.failWith = (r) => (r.target === 'ALIAS' ? new PushRefusedError('bad alias', 'InvalidParameter') : undefined);
    await h.status('online');
    await h.advance(3_600_000);
    expect(told(h)).toEqual(['ACCOUNT:online']);
    expect((await row(h))!).toMatchObject({ n0State: 'SENT', n1State: 'FAILED' });
  });

  it('entries of one decision are retried together under their own token, never batched with a later decision', async () => {
    const h = deviceHarness({ maxSendAttempts: 30 });
    await bound(h, 'account:alice', 'alias:kitchen');
    const real = h.push.massPush.bind(h.push);
    let calls = 0;
    h.push.massPush = async (tasks, token) => {
      calls++;
      if (calls === 1) {
        await real(tasks, token);
        throw new Error('socket hang up');
      }
      if (h.clock.now() < T0 + 600_000) throw new Error('Throttling');
      return real(tasks, token);
    };
    await h.status('online');
    await h.advance(30_000);
    h.clock.set(T0 + 700_000);
    await h.status('offline');
    await h.advance(120_000);
    const ids = h.push.sent.map((p) => p.extParameters?.notificationId);
    expect(ids).toEqual([`${DEVICE_ID}.n0`, `${DEVICE_ID}.n1`, `${DEVICE_ID}.n2`, `${DEVICE_ID}.n3`]);
    expect(h.push.deduplicated).toBeGreaterThan(0);
  });

  it('property value and time columns never collide, and every property comes back', async () => {
    const h = deviceHarness();
    const post = (params: Record<string, unknown>) => h.deliver(propertyPostMessage(DEVICE, { params }, T0));
    expect((await post({ Temp: { value: 21, time: 1000 } })).outcome).toBe('recorded');
    expect((await post({ TempAt: { value: 'noon', time: 2000 }, UpdatedAt: { value: 42, time: 2000 } })).outcome).toBe('recorded');
    expect((await post({ Temp: { value: 5, time: 500 } })).outcome).toBe('stale');
    const device = (await h.call('GET', `/devices/${DEVICE_ID}`)).body.device;
    const expected = { Temp: { value: 21, time: 1000 }, TempAt: { value: 'noon', time: 2000 }, UpdatedAt: { value: 42, time: 2000 } };
    expect(device.properties).toEqual(expected);
  });

  it('a property post of many items writes with one column condition (Table Store takes at most 10)', async () => {
    const h = deviceHarness();
    const real = h.store.updateRow.bind(h.store);
    let most = 0;
    h.store.updateRow = async (table, key, update, condition, options) => {
      most = Math.max(most, leafConditions(condition?.column));
      return real(table, key, update, condition, options);
    };
    const params = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`P${i}`, { value: i, time: 1000 }]));
    expect((await h.deliver(propertyPostMessage(DEVICE, { params }, T0))).outcome).toBe('recorded');
    expect(most).toBe(1);
  });

  it('the rate limit coalesces: a transition that reverted before the limit allowed is not told, the state of that moment is', async () => {
    const h = deviceHarness({ minNotifyIntervalSeconds: 600 });
    await bound(h, 'account:alice');
    await h.status('online');
    await h.advance(30_000);
    await h.status('offline');
    await h.advance(300_000);
    await h.status('online');
    await h.advance(3_600_000);
    expect(told(h)).toEqual(['ACCOUNT:online']);
    await h.status('offline');
    await h.advance(3_600_000);
    expect(told(h)).toEqual(['ACCOUNT:online', 'ACCOUNT:offline']);
  });

  it('a suppressed flap is recorded as decided, so later messages do not queue its check again', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice');
    await h.status('online');
    await h.advance(60_000);
    await h.status('offline');
    await h.advance(1_000);
    await h.status('online');
    await h.advance(60_000);
    expect(h.verdicts()).toEqual(['notified', 'superseded', 'suppressed']);
    h.clock.advance(1_000);
    expect((await h.status('online')).outcome).toBe('unchanged');
    expect(h.invoker.pendingDelayed).toBe(0);
  });
});
