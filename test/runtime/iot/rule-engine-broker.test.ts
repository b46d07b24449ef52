/** The local IoT Platform: a real MQTT broker, Alibaba's device SDK, and the rule engine's messages as the MNS trigger delivers them. */
import { parseDeviceEvent } from '../../../runtime/iot/devices/device-events';
import { startRuleEngineBroker, type RuleEngineBroker } from '../../../runtime/iot/local/rule-engine-broker';
import { SystemClock } from '../../../runtime/shared/clock';
import { parseMnsTopicEvent } from '../../../runtime/shared/events/mns-topic';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS without types
const sdk = require('alibabacloud-iot-device-sdk') as { device(config: Record<string, unknown>): any };

describe('local rule engine broker', () => {
  let broker: RuleEngineBroker;
  const delivered: Buffer[] = [];
  beforeAll(async () => {
    broker = await startRuleEngineBroker({
      devices: new Map([['pk1/lamp', 'right-secret']]),
      topicName: 'devices',
      clock: new SystemClock(),
      deliver: async (event) => void delivered.push(event),
    });
  });
  afterAll(() => broker.close());

  const connect = (secret: string) =>
    new Promise<any>((resolve, reject) => {
      const device = sdk.device({ productKey: 'pk1', deviceName: 'lamp', deviceSecret: secret, brokerUrl: broker.url });
      device.on('connect', () => resolve(device));
      // The SDK emits its errors wrapped in an array.
      device.on('error', (err: Error | Error[]) => {
        device.end(true);
        reject(Array.isArray(err) ? err[0] : err);
      });
    });

  it('turns a device connection, its property post and its disconnect into the rule engine messages, as MNS trigger events', async () => {
    const device = await connect('right-secret');
    const reply = await new Promise((resolve) => device.postProps({ Power: 'on' }, resolve));
    expect(reply).toMatchObject({ code: 200 });
    await new Promise<void>((resolve) => device.end(true, () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await broker.idle();
    const events = delivered.map((e) => parseDeviceEvent(parseMnsTopicEvent(e).body));
    expect(events.map((e) => (e.kind === 'status' ? e.status : Object.keys(e.items)))).toEqual(['online', ['Power'], 'offline']);
    expect(events[0]).toMatchObject({ deviceId: 'pk1/lamp', productKey: 'pk1', deviceName: 'lamp' });
    expect(JSON.parse(delivered[0].toString())).toMatchObject({ TopicName: 'devices', Message: expect.any(String), MessageId: expect.any(String) });
    expect(broker.published).toEqual({ status: 2, properties: 1 });
  });

  it('refuses a device whose password is not signed with its secret, and publishes nothing for it', async () => {
    const before = delivered.length;
    await expect(connect('wrong-secret')).rejects.toThrow('Connection refused: Bad username or password');
    expect(broker.refused).toBeGreaterThan(0);
    expect(delivered.length).toBe(before);
  });
});
