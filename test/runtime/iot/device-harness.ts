/** The device part of IotIngest on local adapters, for tests: a fixed clock, MNS trigger events, delayed checks released by hand. */
import { DEVICE_API } from '../../../runtime/iot/devices/device-api';
import { LOCAL_IOT_SETTINGS } from '../../../runtime/iot/local-content';
import { createLocalDevices, type LocalDevices } from '../../../runtime/iot/local-devices';
import { statusMessage } from '../../../runtime/iot/local/rule-engine-messages';
import type { DeviceSettings, IotSettings } from '../../../runtime/iot/settings';
import { FixedClock } from '../../../runtime/shared/clock';
import { apiGatewayEvent } from '../../../runtime/shared/local/api-gateway-event';
import { advanceClock } from '../../../runtime/shared/local/advance-clock';
import { LocalInvoker } from '../../../runtime/shared/local/local-invoker';
import { mnsTopicEvent } from '../../../runtime/shared/local/mns-topic-event';

export const T0 = Date.UTC(2024, 5, 1, 4); // 12:00 in UTC+8
export const DEVICE = { productKey: 'a1B2c3D4e5F', deviceName: 'lamp-1' };
export const DEVICE_ID = `${DEVICE.productKey}/${DEVICE.deviceName}`;

export interface DeviceHarness extends Omit<LocalDevices, 'status'> {
  clock: FixedClock;
  logLines: Array<Record<string, any>>;
  /** Delivers one MNS message body to the device-status function. */
  deliver(body: string, requestId?: string): ReturnType<LocalDevices['status']>;
  /** The device-status function itself. */
  statusHandler: LocalDevices['status'];
  /** A status of DEVICE at device time `at` (default: now). */
  status(status: 'online' | 'offline', at?: number, device?: typeof DEVICE): ReturnType<LocalDevices['status']>;
  call(method: string, url: string): Promise<{ status: number; body: Record<string, any> }>;
  /** Moves the clock by `ms` and runs every delayed invocation that fell due, in due order, until none is left that is due. */
  advance(ms: number): Promise<void>;
  verdicts(): string[];
}

export function deviceHarness(devices: Partial<DeviceSettings> = {}): DeviceHarness {
  const clock = new FixedClock(T0);
  const logLines: Array<Record<string, any>> = [];
  const settings: IotSettings = { ...LOCAL_IOT_SETTINGS, devices: { ...LOCAL_IOT_SETTINGS.devices, ...devices } };
  const invoker = new LocalInvoker({ clock, timers: false });
  const local = createLocalDevices({ settings, clock, invoker, log: (line) => logLines.push(JSON.parse(line)) });
  const deliver = (body: string, requestId?: string) =>
    local.status(mnsTopicEvent({ topicName: 'devices', body, publishTime: clock.now() }), local.context('iot-device-status', requestId));
  return {
    ...local,
    statusHandler: local.status,
    clock,
    logLines,
    deliver,
    status: (status, at, device = DEVICE) => deliver(statusMessage(device, status, at ?? clock.now())),
    async call(method, url) {
      const event = apiGatewayEvent({ method, url, headers: {}, body: Buffer.alloc(0) }, DEVICE_API);
      const res = await local.api(Buffer.from(JSON.stringify(event)), local.context('iot-device-api'));
      return { status: res.statusCode, body: JSON.parse(res.body) };
    },
    advance: (ms) => advanceClock(invoker, clock, clock.now() + ms),
    verdicts: () => logLines.filter((l) => l.decision === 'transition').map((l) => l.verdict as string),
  };
}
