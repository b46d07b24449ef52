/**
 * The IotIngest device part on local adapters with every invocation's ports (store, invoker, push)
 * behind its own gate: the device-status function as the MNS trigger calls it (a failed call is
 * delivered again as a new invocation, as MNS's retry strategy does), the transition check and its
 * failure handler as FC runs delayed async invocations (retries with the same requestId, then the
 * destination). Time moves by hand: settle() runs every delayed check as its time comes.
 */
import { createDeviceApi, DEVICE_API } from '../../../runtime/iot/devices/device-api';
import { createDeviceFailureHandler } from '../../../runtime/iot/devices/device-failure';
import { createDeviceStatusHandler } from '../../../runtime/iot/devices/device-status';
import type { DeviceDeps } from '../../../runtime/iot/devices/deps';
import { createTransitionCheck } from '../../../runtime/iot/devices/transition-check';
import { createLocalDevices, LOCAL_DEVICE_FUNCTIONS, type LocalDevices } from '../../../runtime/iot/local-devices';
import { LOCAL_IOT_SETTINGS } from '../../../runtime/iot/local-content';
import { statusMessage } from '../../../runtime/iot/local/rule-engine-messages';
import { IOT_DEFAULT_RETRIES, IOT_FUNCTIONS } from '../../../runtime/iot/settings';
import { FixedClock } from '../../../runtime/shared/clock';
import type { FcContext } from '../../../runtime/shared/context';
import { asyncRetries } from '../../../runtime/shared/function-manifest';
import { advanceClock, runAllDelayed } from '../../../runtime/shared/local/advance-clock';
import { LocalInvoker } from '../../../runtime/shared/local/local-invoker';
import { apiGatewayEvent } from '../../../runtime/shared/local/api-gateway-event';
import { mnsTopicEvent } from '../../../runtime/shared/local/mns-topic-event';
import type { Invoker, Push, TableStore } from '../../../runtime/shared/ports';
import { wrap } from '../../faults/fault-run';
import { asClient, type ClientModel } from '../clients';
import { unreachable, type Invocations } from '../invocations';

export const T0 = Date.UTC(2024, 5, 1, 4);
export const DEVICE = { productKey: 'pk1', deviceName: 'lamp' };
export const DEVICE_ID = 'pk1/lamp';
/** Deliveries of one message before the suite calls MNS's retries exhausted (it tries 176 times over a day). */
const MNS_DELIVERIES = 6;

export interface DeviceWorld {
  local: LocalDevices;
  clock: FixedClock;
  /** Publishes a status of DEVICE with device time `at` to the devices topic; returns once MNS delivered it (or gave up). */
  status(status: 'online' | 'offline', at: number): Promise<void>;
  /** Runs every delayed check that falls due within `ms`, in due order. */
  advance(ms: number): Promise<void>;
  /** Until no check is left anywhere in the future. */
  settle(): Promise<void>;
  undelivered: number;
  /** Every port call of `fn`'s invocations answers a network error from now on (an outage); none when omitted. */
  outage(fn?: string): void;
  /** A device API call as the client model makes it; what the client was told is kept in `bound`. */
  api(method: 'PUT' | 'DELETE', owner: string): Promise<number>;
  /** Owners the client was last told are bound (true) or unbound (false). */
  bound: Map<string, boolean>;
  /** Owners whose last call the client got no answer to (it gave up on a 5xx): it may or may not have landed. */
  unsure: Set<string>;
  /** Owners with any such call: what they were told meanwhile is not known to the client. */
  everUnsure: Set<string>;
}

type Make = (deps: DeviceDeps) => (event: Buffer, ctx: FcContext) => Promise<unknown>;

export function deviceWorld(invocations: Invocations, client: ClientModel = 'gives-up'): DeviceWorld {
  const clock = new FixedClock(T0);
  const invoker = new LocalInvoker({ clock, timers: false, concurrency: 2 });
  const local = createLocalDevices({ settings: LOCAL_IOT_SETTINGS, clock, invoker });
  let down: string | undefined;
  const gated = (fn: string, what: (event: Buffer) => string, make: Make) => (event: Buffer, ctx: FcContext) => {
    const attempt = invocations.attempt(fn, ctx.requestId, what(event));
    const gate = down === fn ? unreachable(fn, attempt) : attempt;
    const ports = {
      store: wrap<TableStore>(local.deps.store, 'store', gate),
      invoker: wrap<Invoker>(local.deps.invoker, 'invoker', gate),
      push: wrap<Push>(local.deps.push, 'push', gate),
    };
    return make({ ...local.deps, ...ports })(event, ctx);
  };
  const checkOf = (event: Buffer) => `check ${event.toString()}`;
  const retries = { maxRetries: IOT_DEFAULT_RETRIES, maxSendAttempts: LOCAL_IOT_SETTINGS.devices.maxSendAttempts };
  invoker.register(LOCAL_DEVICE_FUNCTIONS.transitionCheck, {
    handler: gated('check', checkOf, createTransitionCheck),
    maxRetries: asyncRetries(IOT_FUNCTIONS.transitionCheck, retries),
    onFailure: LOCAL_DEVICE_FUNCTIONS.deviceFailure,
  });
  invoker.register(LOCAL_DEVICE_FUNCTIONS.deviceFailure, {
    handler: gated('failure', () => 'failure handler', createDeviceFailureHandler),
    maxRetries: asyncRetries(IOT_FUNCTIONS.deviceFailure, retries),
  });
  const apiFn = gated('api', (e) => {
    const { httpMethod, path } = JSON.parse(e.toString()) as { httpMethod: string; path: string };
    return `${httpMethod} ${path}`;
  }, createDeviceApi);
  const statusFn = gated('status', (e) => `status ${JSON.parse(JSON.parse(e.toString()).Message).status}`, createDeviceStatusHandler);
  const world: DeviceWorld = {
    local,
    clock,
    undelivered: 0,
    bound: new Map(),
    unsure: new Set(),
    everUnsure: new Set(),
    async api(method, owner) {
      const url = `/devices/${DEVICE_ID}/owners/${owner}`;
      const send = async () => {
        const event = apiGatewayEvent({ method, url, headers: {}, body: Buffer.alloc(0) }, DEVICE_API);
        const res = (await apiFn(Buffer.from(JSON.stringify(event)), local.context('iot-device-api'))) as { statusCode: number };
        return { status: res.statusCode };
      };
      const reply = await asClient(client, send);
      if (reply.status < 300) {
        world.bound.set(owner, method === 'PUT');
        world.unsure.delete(owner);
      } else {
        world.unsure.add(owner);
        world.everUnsure.add(owner);
      }
      return reply.status;
    },
    outage(fn) {
      down = fn;
    },
    async status(status, at) {
      clock.advance(1000);
      const event = mnsTopicEvent({ topicName: 'devices', body: statusMessage(DEVICE, status, at), publishTime: clock.now(), messageId: `m${at}` });
      for (let delivery = 1; delivery <= MNS_DELIVERIES; delivery++) {
        try {
          await statusFn(event, local.context('iot-device-status'));
          return;
        } catch {
          // MNS delivers the message again later (a new invocation).
        }
      }
      world.undelivered++;
    },
    advance: (ms) => advanceClock(invoker, clock, clock.now() + ms),
    settle: () => runAllDelayed(invoker, clock),
  };
  return world;
}

/** Binds owners directly in the table (the device API is not what these scenarios break). */
export async function bindOwners(w: DeviceWorld, owners: string[]): Promise<void> {
  for (const owner of owners) {
    await w.local.store.putRow(w.local.deps.settings.tables.deviceOwners, [['deviceId', DEVICE_ID], ['owner', owner]], { boundAt: T0 });
  }
}
