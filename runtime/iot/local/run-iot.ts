/**
 * IotIngest on a laptop, both parts at once, over real protocols:
 * - content: a client posts, edits, deletes and searches through the loopback API Gateway; the posts
 *   table's stream invokes the indexer; each write is timed until a search finds it;
 * - devices: simulated devices run Alibaba's Node.js device SDK against a real MQTT broker; the local
 *   rule engine turns their connections and property posts into the messages the rules forward, and
 *   the devices topic delivers them to the device-status function; its delayed checks run on the
 *   LocalInvoker; owners are bound through the device API; pushes land in LocalPush.
 * Some devices flap (reconnect within the debounce window: nothing may be told), some go offline for
 * good (told once). The report counts what each part did.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiGatewayResponse, Router } from '../../shared/http';
import type { LogWriter } from '../../shared/log';
import { percentiles, type Percentiles } from '../../shared/percentiles';
import { CONTENT_API } from '../content-api';
import { DEVICE_API } from '../devices/device-api';
import { createLocalContent } from '../local-content';
import { createLocalDevices } from '../local-devices';
import type { IotSettings } from '../settings';
import { startRuleEngineBroker } from './rule-engine-broker';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export type StartApiServer = (backends: Array<{ routes: Router<unknown>; invoke(event: Buffer): Promise<ApiGatewayResponse> }>) => Promise<ApiServer>;

export interface IotRunOptions {
  settings: IotSettings;
  /** The loopback API Gateway (bin/api-gateway-server.ts). */
  startApiServer: StartApiServer;
  devices?: number;
  posts?: number;
  log?: LogWriter;
}

export interface IotReport {
  debounceSeconds: number;
  postsWritten: number;
  edits: number;
  deletes: number;
  indexUpdatesApplied: number;
  /** Milliseconds from a write's answer until a search finds it at that version. */
  searchableLagMs: Percentiles;
  searchesAnswered: number;
  devices: number;
  deviceEvents: { status: number; properties: number };
  transitions: { notified: number; suppressed: number; deferred: number; superseded: number };
  /** Real transitions the run made: every device online once and offline once (the flaps, suppressed, are not). */
  expectedNotified: number;
  expectedSuppressed: number;
  pushes: { Push: number; MassPush: number; notices: number; duplicates: number };
  undelivered: number;
  refusedConnections: number;
  /** Transition checks still delayed when the run gave up waiting for them (none when every check ran). */
  checksNeverRun: number;
  wallMs: number;
}

interface Device {
  on(event: 'connect', listener: () => void): void;
  on(event: 'error', listener: (err: Error | Error[]) => void): void;
  postProps(params: Record<string, unknown>, callback: (res: unknown) => void): void;
  end(force?: boolean, callback?: () => void): void;
}

const PRODUCT_KEY = 'a1LocalLamp';

export async function runIotLocally(options: IotRunOptions): Promise<IotReport> {
  const started = Date.now();
  // Seconds, not the deployed 30: the run shows a flap and a real outage in a few seconds.
  const settings: IotSettings = { ...options.settings, devices: { ...options.settings.devices, debounceSeconds: 2, minNotifyIntervalSeconds: 0 } };
  const verdicts = { notified: 0, suppressed: 0, deferred: 0, superseded: 0 };
  let applied = 0;
  const log: LogWriter = (line) => {
    options.log?.(line);
    const entry = JSON.parse(line) as { decision?: string; outcome?: string; verdict?: keyof typeof verdicts; msg?: string };
    if (entry.decision === 'index' && entry.outcome === 'applied') applied++;
    if (entry.decision === 'transition' && entry.verdict && entry.verdict in verdicts && entry.msg !== 'notification superseded before it was sent') {
      verdicts[entry.verdict]++;
    }
  };
  const content = createLocalContent({ settings, log, streamBatch: 20 });
  const devices = createLocalDevices({ settings, store: content.deps.store, log });
  const server = await options.startApiServer([
    { routes: CONTENT_API, invoke: (event) => content.api(event, content.context('iot-content-api')) },
    { routes: DEVICE_API, invoke: (event) => devices.api(event, devices.context('iot-device-api')) },
  ]);
  const registry = new Map<string, string>();
  const names = Array.from({ length: options.devices ?? 12 }, (_, i) => `lamp-${String(i + 1).padStart(2, '0')}`);
  for (const name of names) registry.set(`${PRODUCT_KEY}/${name}`, randomBytes(16).toString('hex'));
  const broker = await startRuleEngineBroker({
    devices: registry,
    topicName: 'devices',
    clock: devices.deps.clock,
    deliver: (event) => devices.status(event, devices.context('iot-device-status')),
  });
  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  let report: IotReport;
  try {
    for (const [i, name] of names.entries()) {
      const owners = [`account:user-${i}`, `alias:home-${i % 4}`, ...(i % 3 === 0 ? [`device:phone-${i}`] : [])];
      for (const owner of owners) await http('PUT', `/devices/${PRODUCT_KEY}/${name}/owners/${owner}`);
    }
    const contentRun = runContentClient(http, options.posts ?? 60);
    const deviceRun = runDevices(broker.url, names, registry, settings.devices.debounceSeconds);
    const [contentResult, flappedAndDown] = await Promise.all([contentRun, deviceRun]);
    // The last disconnects reach the broker's listeners after the sockets close (later on a busy machine).
    for (let i = 0; i < 600 && broker.connected() > 0; i++) await sleep(50);
    await broker.idle();
    await settleDevices(devices.invoker);
    await content.settle();
    const sent = devices.push.sent;
    const ids = sent.map((p) => `${p.extParameters?.notificationId} ${p.target}`);
    report = {
      debounceSeconds: settings.devices.debounceSeconds,
      ...contentResult,
      indexUpdatesApplied: applied,
      devices: names.length,
      deviceEvents: broker.published,
      transitions: verdicts,
      expectedNotified: 2 * names.length,
      expectedSuppressed: flappedAndDown.flapped,
      pushes: { ...devices.push.calls, notices: sent.length, duplicates: ids.length - new Set(ids).size },
      undelivered: broker.undelivered,
      refusedConnections: broker.refused,
      checksNeverRun: devices.invoker.pendingDelayed,
      wallMs: Date.now() - started,
    };
  } finally {
    await broker.close();
    await server.close();
  }
  return report;
}

type Http = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, any> }>;

/** Posts, edits and deletes, each timed until a search finds it; then a few searches by tag and author. */
async function runContentClient(http: Http, count: number) {
  const lags: number[] = [];
  let searches = 0;
  const searchable = async (q: string, check: (posts: Array<{ postId: string; version: number }>) => boolean) => {
    const from = Date.now();
    for (;;) {
      const reply = await http('GET', `/posts?q=${encodeURIComponent(q)}&limit=5`);
      searches++;
      if (check(reply.body.posts ?? [])) return Date.now() - from;
      if (Date.now() - from > 10_000) throw new Error(`post "${q}" never became searchable`);
      await sleep(2);
    }
  };
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const word = `word${i}x${randomBytes(3).toString('hex')}`;
    const post = { author: `author${i % 5}`, text: `post ${i} says ${word}`, tags: [`t${i % 3}`], idempotencyKey: `k${i}-${word}` };
    const created = await http('POST', '/posts', post);
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.post.postId as string;
    ids.push(id);
    lags.push(await searchable(word, (posts) => posts.some((p) => p.postId === id)));
  }
  let edits = 0;
  for (const id of ids.slice(0, Math.floor(count / 3))) {
    const word = `edit${randomBytes(3).toString('hex')}`;
    const updated = await http('PUT', `/posts/${id}`, { text: `edited to ${word}`, expectedVersion: 1 });
    if (updated.status !== 200) throw new Error(`update: ${updated.status}`);
    edits++;
    lags.push(await searchable(word, (posts) => posts.some((p) => p.postId === id && p.version === 2)));
  }
  let deletes = 0;
  for (const id of ids.slice(-Math.floor(count / 6))) {
    if ((await http('DELETE', `/posts/${id}`)).status !== 200) throw new Error('delete failed');
    deletes++;
  }
  for (const tag of ['t0', 't1', 't2']) {
    await http('GET', `/posts?tag=${tag}&limit=20`);
    searches++;
  }
  await http('GET', '/posts?author=author1');
  searches++;
  return { postsWritten: ids.length, edits, deletes, searchableLagMs: percentiles(lags), searchesAnswered: searches };
}

/**
 * Every device connects and posts properties; a third flap (gone and back within the window), a third go offline and
 * stay; at the end the rest disconnect too.
 */
async function runDevices(url: string, names: string[], registry: Map<string, string>, debounceSeconds: number) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the device SDK is CommonJS without types; a dev dependency of local runs only
  const sdk = require('alibabacloud-iot-device-sdk') as { device(config: Record<string, unknown>): Device };
  const connect = (name: string) =>
    new Promise<Device>((resolve, reject) => {
      const device = sdk.device({ productKey: PRODUCT_KEY, deviceName: name, deviceSecret: registry.get(`${PRODUCT_KEY}/${name}`), brokerUrl: url });
      device.on('connect', () => resolve(device));
      // The SDK emits its errors wrapped in an array.
      device.on('error', (err: Error | Error[]) => reject(Array.isArray(err) ? err[0] : err));
    });
  const end = (device: Device) => new Promise<void>((resolve) => device.end(true, () => resolve()));
  const post = (device: Device, params: Record<string, unknown>) => new Promise((resolve) => device.postProps(params, resolve));
  const connected = await Promise.all(names.map(connect));
  await Promise.all(connected.map((d, i) => post(d, { Power: 'on', Brightness: 40 + i })));
  await sleep((debounceSeconds + 1) * 1000);
  const third = Math.floor(names.length / 3);
  const flapping = names.slice(0, third);
  const down = names.slice(third, 2 * third);
  // Flap: gone and back within the window.
  await Promise.all(flapping.map((_, i) => end(connected[i])));
  const back = await Promise.all(flapping.map(connect));
  await Promise.all(back.map((d) => post(d, { Power: 'off' })));
  await Promise.all(down.map((_, i) => end(connected[third + i])));
  await sleep((debounceSeconds + 1) * 1000);
  await Promise.all([...back, ...connected.slice(2 * third)].map(end));
  return { flapped: flapping.length, down: down.length };
}

/** Until the delayed checks ran (each is due a debounce window after its change), however busy the machine is: at most 60 s. */
async function settleDevices(invoker: { drain(): Promise<void>; readonly pendingDelayed: number }) {
  for (let i = 0; i < 1200 && invoker.pendingDelayed > 0; i++) await sleep(50);
  await invoker.drain();
}
