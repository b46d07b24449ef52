/**
 * IoT Platform on a laptop: a real MQTT broker (aedes, on loopback) that devices running Alibaba's
 * device SDK connect to, and the part of the platform the pattern relies on:
 * - device authentication as the platform does it for `securemode=3` (username `deviceName&productKey`,
 *   password hmac-sha1 of `clientId…deviceName…productKey…timestamp…` under the device secret, as the
 *   SDK signs it: alibabacloud-iot-device-sdk lib/model.js);
 * - the rules the construct creates: a connect or disconnect becomes a device status message, a property
 *   post on `/sys/{pk}/{dn}/thing/event/property/post` the rule engine's property message
 *   (rule-engine-messages.ts), published to the devices topic; the topic delivers it to the handler as
 *   the FC 3.0 MNS trigger does (JSON format), again while the handler fails (MNS's retry strategy);
 * - the post's reply on `…/property/post_reply`, which the SDK waits for.
 */
import { createHmac } from 'node:crypto';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../shared/ports';
import { mnsTopicEvent } from '../../shared/local/mns-topic-event';
import { propertyPostMessage, statusMessage, type DeviceId } from './rule-engine-messages';

interface AedesClient {
  id: string;
}
interface AedesPacket {
  topic: string;
  payload: Buffer;
}
type AuthDone = (err: Error | null, ok: boolean) => void;
interface Aedes {
  handle: (socket: net.Socket) => void;
  authenticate: (client: AedesClient, username: string | undefined, password: Buffer | undefined, done: AuthDone) => void;
  on(event: 'client' | 'clientDisconnect', listener: (client: AedesClient) => void): void;
  on(event: 'publish', listener: (packet: AedesPacket, client: AedesClient | null) => void): void;
  publish(packet: { topic: string; payload: string; qos: 0; retain: false; cmd: 'publish'; dup: false }, done: () => void): void;
  close(done: () => void): void;
}

export interface BrokerOptions {
  /** Registered devices and their secrets, by `productKey/deviceName`. */
  devices: Map<string, string>;
  topicName: string;
  /** The devices topic's subscriber: the device-status function, called with the MNS trigger event. */
  deliver(event: Buffer): Promise<unknown>;
  clock: Clock;
  /** Deliveries of one message before it is given up (MNS retries for a day; locally a few). */
  maxDeliveries?: number;
}

export interface RuleEngineBroker {
  /** `mqtt://127.0.0.1:<port>/`, the devices' brokerUrl. */
  url: string;
  /** Messages published to the devices topic, by kind. */
  published: { status: number; properties: number };
  /** Messages given up after maxDeliveries; connections refused. */
  undelivered: number;
  refused: number;
  /** Until every message published so far was delivered. */
  idle(): Promise<void>;
  /** Devices connected now. */
  connected(): number;
  close(): Promise<void>;
}

export async function startRuleEngineBroker(options: BrokerOptions): Promise<RuleEngineBroker> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- aedes 0.51 is CommonJS without types; a dev dependency of local runs only
  const aedes = (require('aedes') as () => Aedes)();
  const byClient = new Map<string, DeviceId>();
  // Sessions open now ('client' seen, 'clientDisconnect' not yet): a reconnect reuses its client id, so the map cannot count them.
  let sessions = 0;
  const broker: RuleEngineBroker = {
    url: '',
    published: { status: 0, properties: 0 },
    undelivered: 0,
    refused: 0,
    idle: () => queue,
    connected: () => sessions,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await queue;
    },
  };
  // Messages of the topic go out one after another: the trigger's own ordering is not promised, and statuses carry their time.
  let queue: Promise<void> = Promise.resolve();
  const publish = (kind: 'status' | 'properties', body: string) => {
    broker.published[kind]++;
    const event = mnsTopicEvent({ topicName: options.topicName, body, publishTime: options.clock.now() });
    queue = queue.then(async () => {
      for (let delivery = 1; delivery <= (options.maxDeliveries ?? 5); delivery++) {
        try {
          await options.deliver(event);
          return;
        } catch {
          // delivered again, as MNS does
        }
      }
      broker.undelivered++;
    });
  };

  aedes.authenticate = (client, username, password, done) => {
    const device = authenticated(options.devices, client.id, username, password);
    if (!device) {
      broker.refused++;
      done(Object.assign(new Error('bad username or password'), { returnCode: 4 }), false);
      return;
    }
    byClient.set(client.id, device);
    done(null, true);
  };
  aedes.on('client', (client) => {
    const device = byClient.get(client.id);
    if (device) {
      sessions++;
      publish('status', statusMessage(device, 'online', options.clock.now(), '127.0.0.1'));
    }
  });
  aedes.on('clientDisconnect', (client) => {
    const device = byClient.get(client.id);
    if (device) {
      sessions--;
      publish('status', statusMessage(device, 'offline', options.clock.now()));
    }
  });
  aedes.on('publish', (packet, client) => {
    const device = client ? byClient.get(client.id) : undefined;
    if (!device || packet.topic !== `/sys/${device.productKey}/${device.deviceName}/thing/event/property/post`) return;
    const alink = JSON.parse(packet.payload.toString('utf8')) as { id?: string; params: Record<string, unknown> };
    publish('properties', propertyPostMessage(device, alink, options.clock.now()));
    const reply = JSON.stringify({ id: alink.id, code: 200, data: {}, method: 'thing.event.property.post' });
    aedes.publish({ topic: `${packet.topic}_reply`, payload: reply, qos: 0, retain: false, cmd: 'publish', dup: false }, () => undefined);
  });

  const server = net.createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  broker.url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return broker;
}

/** The device a connection authenticates as (securemode=3, hmac-sha1 or hmac-sha256), or undefined. */
function authenticated(devices: Map<string, string>, clientId: string, username?: string, password?: Buffer): DeviceId | undefined {
  const [deviceName, productKey] = (username ?? '').split('&');
  const secret = devices.get(`${productKey}/${deviceName}`);
  const params = Object.fromEntries((/\|(.*)\|$/.exec(clientId)?.[1] ?? '').split(',').map((kv) => kv.split('=') as [string, string]));
  const algorithm = params.signmethod === 'hmacsha256' ? 'sha256' : params.signmethod === 'hmacsha1' ? 'sha1' : undefined;
  if (!secret || !algorithm || !password) return undefined;
  const id = clientId.slice(0, clientId.indexOf('|'));
  const content = `clientId${id}deviceName${deviceName}productKey${productKey}timestamp${params.timestamp}`;
  const expected = createHmac(algorithm, secret).update(content).digest('hex');
  return password.toString() === expected ? { productKey, deviceName } : undefined;
}
