/**
 * Device status events per second through the device-status function on the local adapters, against
 * a naive handler that reads the device row, writes the status without a condition and pushes when
 * it differs. Both get the same 4,000 events: 200 devices, each reconnecting, with re-deliveries and
 * out-of-order arrivals, 8 in flight at once. The naive one is faster and wrong: it stores older
 * statuses over newer ones, pushes flaps and pushes one transition twice when two events race; the
 * figures count that. Ours pushes only after its deferred checks (run afterwards, not timed here).
 */
import { parseDeviceEvent } from '../runtime/iot/devices/device-events';
import { createDeviceStatusHandler } from '../runtime/iot/devices/device-status';
import { LOCAL_IOT_SETTINGS } from '../runtime/iot/local-content';
import { createLocalDevices } from '../runtime/iot/local-devices';
import { statusMessage } from '../runtime/iot/local/rule-engine-messages';
import { FixedClock } from '../runtime/shared/clock';
import { localContexts } from '../runtime/shared/local/local-context';
import { advanceClock, runAllDelayed } from '../runtime/shared/local/advance-clock';
import { LocalInvoker } from '../runtime/shared/local/local-invoker';
import { parseMnsTopicEvent } from '../runtime/shared/events/mns-topic';
import { mnsTopicEvent } from '../runtime/shared/local/mns-topic-event';
import { seededRandom } from '../runtime/shared/local/seeded-random';
import { MemoryTableStore } from '../runtime/shared/local/table-store/memory-table-store';
import { Figure, nowMs } from './stats';

const DEVICES = 200;
const EVENTS_PER_DEVICE = 20;
const IN_FLIGHT = 8;
const T0 = Date.UTC(2024, 5, 1);

interface Event {
  device: string;
  status: 'online' | 'offline';
  at: number;
  body: Buffer;
}

/** Each device alternates online/offline a minute apart (past the 30 s window), every fourth change a 0.5 s flap; 10 % are re-delivered. */
function events(): Event[] {
  const random = seededRandom(7);
  const all: Event[] = [];
  for (let d = 0; d < DEVICES; d++) {
    const device = { productKey: 'pk1', deviceName: `dev${d}` };
    let at = T0;
    for (let k = 0; k < EVENTS_PER_DEVICE; k++) {
      at += k % 4 === 3 ? 500 : 60_000;
      const status = k % 2 === 0 ? 'online' : 'offline';
      const body = mnsTopicEvent({ topicName: 'devices', body: statusMessage(device, status, at), publishTime: at });
      all.push({ device: `pk1/dev${d}`, status, at, body });
      if (random() < 0.1) all.push({ device: `pk1/dev${d}`, status, at, body });
    }
  }
  // In time order across devices (the whole fleet reconnects at once), then neighbours swap: messages of one device
  // arrive out of order, as the platform warns they may, and a re-delivery races its original.
  all.sort((a, b) => a.at - b.at || a.device.localeCompare(b.device));
  // Shuffled within blocks of 4 messages less than a second apart: out of order by a few messages, as the platform
  // warns, but never later than the window (a status delivered more than the window late is judged when it arrives).
  for (let block = 0; block < all.length; block += 4) {
    const end = Math.min(block + 4, all.length);
    let last = block;
    while (last + 1 < end && all[last + 1].at - all[block].at < 1000) last++;
    for (let i = last; i > block; i--) {
      const j = block + Math.floor(random() * (i - block + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
  }
  return all;
}

async function pool<T>(items: T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await run(items[next++]);
  }));
}

/** `device at` of the statuses that held less than the debounce window: a flap, which nobody should be told of. */
function flaps(all: Event[]): Set<string> {
  const byDevice = new Map<string, number[]>();
  for (const e of all) byDevice.set(e.device, [...new Set([...(byDevice.get(e.device) ?? []), e.at])].sort((a, b) => a - b));
  const window = LOCAL_IOT_SETTINGS.devices.debounceSeconds * 1000;
  const found = new Set<string>();
  for (const [device, times] of byDevice) {
    times.forEach((at, i) => i + 1 < times.length && times[i + 1] - at < window && found.add(`${device} ${at}`));
  }
  return found;
}

/** The latest status of each device by device time: what a correct store ends with. */
function latest(all: Event[]): Map<string, string> {
  const last = new Map<string, Event>();
  for (const e of all) if ((last.get(e.device)?.at ?? -1) < e.at) last.set(e.device, e);
  return new Map([...last].map(([d, e]) => [d, e.status]));
}

export async function benchDeviceStatus(): Promise<Figure[]> {
  const all = events();
  const truth = latest(all);
  const flapSet = flaps(all);
  const contexts = localContexts();
  // No rate limit here: the naive handler has none, and the figures compare what each tells.
  const settings = { ...LOCAL_IOT_SETTINGS, devices: { ...LOCAL_IOT_SETTINGS.devices, minNotifyIntervalSeconds: 0 } };

  // Throughput: the real handler, all events at one instant (its checks wait on the fixed clock).
  const timed = createLocalDevices({ settings, clock: new FixedClock(T0), invoker: new LocalInvoker({ timers: false }) });
  const handler = createDeviceStatusHandler(timed.deps);
  let start = nowMs();
  await pool(all, IN_FLIGHT, (e) => handler(e.body, contexts('iot-device-status')));
  const oursMs = nowMs() - start;

  const naiveStore = new MemoryTableStore();
  const naivePushes: string[] = [];
  const naive = async (e: Event) => {
    const event = parseDeviceEvent(parseMnsTopicEvent(e.body).body);
    if (event.kind !== 'status') return;
    const key: Array<[string, string]> = [['deviceId', event.deviceId]];
    const row = await naiveStore.getRow('devices', key);
    await naiveStore.putRow('devices', key, { status: event.status, statusAt: event.at });
    if (row?.status !== event.status) naivePushes.push(`${e.device} ${e.at}`);
  };
  start = nowMs();
  await pool(all, IN_FLIGHT, naive);
  const naiveMs = nowMs() - start;

  // What each tells: ours replayed with the clock following the devices (each event received 100 ms after it happened).
  const clock = new FixedClock(T0);
  const invoker = new LocalInvoker({ clock, timers: false });
  const ours = createLocalDevices({ settings, clock, invoker });
  for (let d = 0; d < DEVICES; d++) await ours.store.putRow('device_owners', [['deviceId', `pk1/dev${d}`], ['owner', `account:u${d}`]], {});
  const runDue = (until: number) => advanceClock(invoker, clock, until);
  // Up to IN_FLIGHT at once, each batch within one second of device time, received 100 ms after its last event.
  for (let i = 0; i < all.length; ) {
    let j = i + 1;
    while (j < all.length && j - i < IN_FLIGHT && all[j].at - all[i].at < 1000 && all[i].at - all[j].at < 1000) j++;
    const batch = all.slice(i, j);
    await runDue(Math.max(...batch.map((e) => e.at)) + 100);
    await Promise.all(batch.map((e) => ours.status(e.body, contexts('iot-device-status'))));
    i = j;
  }
  await runAllDelayed(invoker, clock);
  // Per device, the statuses owners were told, in order, against the real transitions' statuses.
  const toldBy = new Map<string, string[]>();
  for (const p of ours.push.sent) {
    const device = String(p.extParameters?.deviceId);
    toldBy.set(device, [...(toldBy.get(device) ?? []), String(p.extParameters?.status)]);
  }
  const ids = ours.push.sent.map((p) => `${p.extParameters?.notificationId} ${p.target}`);
  let expected = 0;
  let lostCount = 0;
  let extra = 0;
  for (const [device, changes] of stableChanges(all, flapSet)) {
    const want = changes.map((e) => e.status);
    const got = toldBy.get(device) ?? [];
    expected += want.length;
    if (JSON.stringify(want) === JSON.stringify(got)) continue;
    lostCount += Math.max(0, want.length - got.length) || 1;
    extra += Math.max(0, got.length - want.length);
  }
  const rate = (ms: number) => Math.round(all.length / (ms / 1000));
  const oursWrong = await wrongFinal(ours.store, truth);
  const naiveWrong = await wrongFinal(naiveStore, truth);
  const naiveFlaps = naivePushes.filter((p) => flapSet.has(p)).length;
  const oursDuplicates = duplicates(ids);
  return [
    {
      measure: `device status events/s (${all.length.toLocaleString('en')} events, ${DEVICES} devices, ${IN_FLIGHT} in flight)`,
      value: `${rate(oursMs).toLocaleString('en')} / ${rate(naiveMs).toLocaleString('en')}`,
      target: '-',
      note: `status function (read, conditional write, delayed check queued) / naive read-then-write; ${(oursMs / naiveMs).toFixed(1)}x the time`,
    },
    {
      measure: 'device status: real transitions told / lost; duplicates; extra (flaps) told; wrong final states',
      value: `${expected - lostCount} / ${lostCount}; ${oursDuplicates}; ${extra}; ${oursWrong}`,
      target: `${expected} / 0; 0; 0; 0`,
      met: lostCount === 0 && oursDuplicates === 0 && extra === 0 && oursWrong === 0,
      note:
        `ours, after the 30 s debounce; naive: ${naivePushes.length} pushes, ${duplicates(naivePushes)} duplicates, ` +
        `${naiveFlaps} flaps told, ${naiveWrong} wrong final states`,
    },
  ];
}

function stableChanges(all: Event[], flapSet: Set<string>): Map<string, Event[]> {
  const byDevice = new Map<string, Event[]>();
  for (const e of [...all].sort((a, b) => a.at - b.at)) {
    if (flapSet.has(`${e.device} ${e.at}`)) continue;
    const list = byDevice.get(e.device) ?? [];
    if (list.length === 0 || list[list.length - 1].status !== e.status) list.push(e);
    byDevice.set(e.device, list);
  }
  return byDevice;
}

type RowReader = { getRow(t: string, k: Array<[string, string]>): Promise<Record<string, unknown> | undefined> };

async function wrongFinal(store: RowReader, truth: Map<string, string>) {
  let wrong = 0;
  for (const [device, status] of truth) if ((await store.getRow('devices', [['deviceId', device]]))?.status !== status) wrong++;
  return wrong;
}

function duplicates(keys: string[]): number {
  return keys.length - new Set(keys).size;
}
