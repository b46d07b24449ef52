/** Device status to owners' phones: only real transitions notify, once, after the debounce window; through the official payload shapes. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { propertyPostMessage, statusMessage } from '../../../runtime/iot/local/rule-engine-messages';
import { createDeviceStatusHandler } from '../../../runtime/iot/devices/device-status';
import { mnsTopicEvent } from '../../../runtime/shared/local/mns-topic-event';
import { MAX, MIN } from '../../../runtime/shared/ports';
import { DEVICE, DEVICE_ID, deviceHarness, T0 } from './device-harness';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'events');
/** An official sample; its masked ids (`al12345****`) unmasked with digits, as real product keys are letters and digits. */
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8').replace(/\*{4}/g, '0000');

async function bound(h: ReturnType<typeof deviceHarness>, ...owners: string[]) {
  for (const owner of owners) expect((await h.call('PUT', `/devices/${DEVICE_ID}/owners/${owner}`)).status).toBe(201);
}

describe('device status', () => {
  it('notifies the owners once when a status holds for the debounce window, one Push call per owner kind (MassPush for several)', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice', 'account:bob', 'alias:kitchen');
    expect(await h.status('online')).toEqual({ deviceId: DEVICE_ID, outcome: 'recorded' });
    expect(h.push.sent).toHaveLength(0);
    await h.advance(29_000);
    expect(h.push.sent).toHaveLength(0);
    await h.advance(1_000);
    expect(h.push.calls).toEqual({ Push: 0, MassPush: 1 });
    expect(h.push.sent.map((p) => [p.api, p.target, p.targetValue])).toEqual([
      ['MassPush', 'ACCOUNT', 'alice,bob'],
      ['MassPush', 'ALIAS', 'kitchen'],
    ]);
    const ext = { deviceId: DEVICE_ID, status: 'online', kind: 'DEVICE_STATUS' };
    expect(h.push.sent[0]).toMatchObject({ title: 'lamp-1 is online', extParameters: ext });
    expect(h.verdicts()).toEqual(['notified']);
    await h.advance(3_600_000);
    expect(h.push.sent).toHaveLength(2);
  });

  it('uses one Push for a device whose owners are of one kind', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice');
    await h.status('offline');
    await h.advance(30_000);
    expect(h.push.calls).toEqual({ Push: 1, MassPush: 0 });
    expect(h.push.sent[0].idempotencyToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('notifies nothing for a flap inside the window, and the later real change once', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice');
    await h.status('online');
    await h.advance(60_000);
    expect(h.push.sent.map((p) => p.extParameters?.status)).toEqual(['online']);
    await h.status('offline');
    await h.advance(5_000);
    await h.status('online');
    await h.advance(120_000);
    expect(h.push.sent).toHaveLength(1);
    expect(h.verdicts()).toEqual(['notified', 'superseded', 'suppressed']);
    await h.status('offline');
    await h.advance(120_000);
    expect(h.push.sent.map((p) => p.extParameters?.status)).toEqual(['online', 'offline']);
  });

  it('ignores a status older than the stored one (out of order), and a repeat of the stored one changes nothing', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice');
    const online = statusMessage(DEVICE, 'online', T0);
    const offlineEarlier = statusMessage(DEVICE, 'offline', T0 - 1_000);
    expect((await h.deliver(online)).outcome).toBe('recorded');
    expect((await h.deliver(offlineEarlier)).outcome).toBe('stale');
    expect((await h.deliver(online)).outcome).toBe('duplicate');
    await h.advance(60_000);
    expect(h.push.sent.map((p) => p.extParameters?.status)).toEqual(['online']);
    expect((await h.deliver(online)).outcome).toBe('duplicate');
    await h.advance(60_000);
    expect(h.push.sent).toHaveLength(1);
    const row = await h.store.getRow('devices', [['deviceId', DEVICE_ID]]);
    expect(row).toMatchObject({ status: 'online', statusAt: T0 - 10, notifiedStatus: 'online' });
  });

  it('tells a status that held the whole window on the platform clock even when it arrives late, before the next one', async () => {
    const h = deviceHarness();
    await bound(h, 'account:alice');
    await h.status('online', T0);
    await h.advance(60_000);
    // offline at T0+100 s (held 60 s) and online again at T0+160 s arrive together, at T0+161 s.
    h.clock.set(T0 + 161_000);
    await h.deliver(statusMessage(DEVICE, 'offline', T0 + 100_000));
    await h.deliver(statusMessage(DEVICE, 'online', T0 + 160_000));
    await h.advance(60_000);
    expect(h.push.sent.map((p) => p.extParameters?.status)).toEqual(['online', 'offline', 'online']);
    expect(h.logLines.filter((l) => l.verdict === 'notified').map((l) => l.late)).toEqual([false, true, false]);
  });

  it('holds a second transition until the rate limit allows, then tells the state of that moment', async () => {
    const h = deviceHarness({ minNotifyIntervalSeconds: 600 });
    await bound(h, 'account:alice');
    await h.status('online');
    await h.advance(30_000);
    await h.status('offline');
    await h.advance(60_000);
    expect(h.push.sent).toHaveLength(1);
    expect(h.verdicts()).toEqual(['notified', 'deferred']);
    await h.advance(600_000);
    expect(h.push.sent.map((p) => p.extParameters?.status)).toEqual(['online', 'offline']);
    // Sent when the interval since the first notification ran out (30 s + 600 s after T0).
    expect(await h.store.getRow('devices', [['deviceId', DEVICE_ID]])).toMatchObject({ notifiedStatus: 'offline', notifiedAt: T0 + 630_000 });
  });

  it('waits out quiet hours and then notifies', async () => {
    const h = deviceHarness({ quietHours: { start: '11:00', end: '13:00', utcOffsetMinutes: 480 } });
    await bound(h, 'account:alice');
    await h.status('offline');
    await h.advance(3_599_000);
    expect(h.push.sent).toHaveLength(0);
    expect(h.verdicts()).toEqual(['deferred']);
    await h.advance(1_000);
    expect(h.push.sent).toHaveLength(1);
    // 13:00 in UTC+8.
    expect(await h.store.getRow('devices', [['deviceId', DEVICE_ID]])).toMatchObject({ notifiedStatus: 'offline', notifiedAt: T0 + 3_600_000 });
  });

  it('records a transition of a device without owners and pushes nothing', async () => {
    const h = deviceHarness();
    await h.status('online');
    await h.advance(30_000);
    expect(h.push.sent).toHaveLength(0);
    expect(h.logLines.find((l) => l.verdict === 'notified')).toMatchObject({ owners: 0, status: 'online' });
  });

  it('accepts the documented samples and every MNS body form: JSON, base64 JSON, the subscription envelope; JSON and STREAM events', async () => {
    const h = deviceHarness();
    const sample = fixture('iot-device-status-online.json');
    const parsedSample = JSON.parse(sample);
    expect(await h.deliver(sample)).toEqual({ deviceId: `${parsedSample.productKey}/${parsedSample.deviceName}`, outcome: 'recorded' });
    const base64 = Buffer.from(statusMessage(DEVICE, 'online', T0)).toString('base64');
    expect((await h.deliver(base64)).outcome).toBe('recorded');
    const payload = Buffer.from(statusMessage(DEVICE, 'offline', T0 + 1)).toString('base64');
    const envelope = JSON.stringify({ payload, messagetype: 'status', topic: '/as/mqtt/status' });
    expect((await h.deliver(envelope)).outcome).toBe('recorded');
    // STREAM format (the trigger's default): the raw body is the event.
    const streamed = await h.status('online', T0 + 2);
    expect(streamed.outcome).toBe('recorded');
    const raw = await createDeviceStatusHandler(h.deps)(Buffer.from(statusMessage(DEVICE, 'offline', T0 + 3)), h.context('iot-device-status'));
    expect(raw.outcome).toBe('recorded');
    expect(await h.store.getRow('devices', [['deviceId', DEVICE_ID]])).toMatchObject({ status: 'offline', statusAt: T0 + 3 - 10 });
  });

  it('keeps the latest value of each property by device time (the documented property post sample too)', async () => {
    const h = deviceHarness();
    expect((await h.deliver(fixture('iot-rule-tsl-property-post.json'))).outcome).toBe('recorded');
    const post = (params: Record<string, unknown>) => h.deliver(propertyPostMessage(DEVICE, { params }, T0));
    expect((await post({ Power: { value: 'on', time: 2000 }, Temp: { value: 21.5, time: 2000 } })).outcome).toBe('recorded');
    expect((await post({ Power: { value: 'off', time: 1000 }, Temp: { value: 22, time: 3000 } })).outcome).toBe('recorded');
    expect((await post({ Power: { value: 'off', time: 1500 } })).outcome).toBe('stale');
    const device = (await h.call('GET', `/devices/${DEVICE_ID}`)).body.device;
    expect(device.properties).toEqual({ Power: { value: 'on', time: 2000 }, Temp: { value: 22, time: 3000 } });
    expect(h.push.sent).toHaveLength(0);
  });

  it.each([
    ['not JSON', 'hello topic', '$'],
    ['an unknown status', statusMessage(DEVICE, 'online', T0).replace('"online"', '"sleeping"'), 'status'],
    ['no device time', JSON.stringify({ status: 'online', productKey: 'pk1', deviceName: 'dn1' }), 'utcTime'],
    ['a bad time', JSON.stringify({ status: 'online', productKey: 'pk1', deviceName: 'dn1', utcTime: 'yesterday' }), 'utcTime'],
    [
      'a slash in the device name',
      JSON.stringify({ status: 'online', productKey: 'pk1', deviceName: 'a/b', utcTime: '2024-01-01T00:00:00.000Z' }),
      'deviceName',
    ],
    ['a property without time', propertyPostMessage(DEVICE, { params: { P: 1 } }, T0).replace(/"time":\d+/, '"time":"x"'), 'items.P.time'],
    ['a property id that is no TSL identifier', propertyPostMessage(DEVICE, { params: { 'bad-id': 1 } }, T0), 'items.bad-id'],
    ['neither status nor items', JSON.stringify({ productKey: 'pk1', deviceName: 'dn1' }), '$'],
  ])('logs %s as a structured error and writes nothing', async (_what, body, where) => {
    const h = deviceHarness();
    const result = await h.deliver(body);
    expect(result.outcome).toBe('malformed');
    expect(result.malformed).toContain(`at ${where}`);
    expect(h.logLines.at(-1)).toMatchObject({ level: 'error', msg: 'malformed device event', error: { code: 'MalformedEvent' } });
    expect((await h.store.getRange('devices', [['deviceId', MIN]], [['deviceId', MAX]])).rows).toEqual([]);
    expect(h.invoker.pendingDelayed).toBe(0);
  });

  it('refuses an MNS JSON event whose Message is not a string', async () => {
    const h = deviceHarness();
    const event = JSON.parse(mnsTopicEvent({ topicName: 'devices', body: 'x', publishTime: T0 }).toString());
    event.Message = { status: 'online' };
    const res = await createDeviceStatusHandler(h.deps)(Buffer.from(JSON.stringify(event)), h.context('iot-device-status'));
    expect(res).toMatchObject({ outcome: 'malformed', malformed: expect.stringContaining('at Message') });
  });
});
