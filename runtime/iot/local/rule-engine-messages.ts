/**
 * What the IoT Platform rule engine forwards for a device, built the way the platform documents it
 * (runtime/iot/devices/device-events.ts has the formats and sources): the local broker adapter and
 * the tests turn MQTT connections and publishes into exactly these bodies.
 */
import type { DeviceStatus } from '../devices/device-events';

export interface DeviceId {
  productKey: string;
  deviceName: string;
}

/** `yyyy-MM-dd HH:mm:ss.SSS` in UTC+8, the platform's local `time`/`lastTime` (its samples are Beijing time). */
function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace('T', ' ').replace('Z', '');
}

/** A status message (rule TopicType 2): `at` is the status's time, `lastTime` the device's last contact before it. */
export function statusMessage(device: DeviceId, status: DeviceStatus, at: number, clientIp?: string): string {
  const lastTime = at - 10;
  return JSON.stringify({
    status,
    iotId: `${device.productKey}${device.deviceName}`.slice(0, 28),
    productKey: device.productKey,
    deviceName: device.deviceName,
    time: beijingTime(at),
    utcTime: new Date(at).toISOString(),
    lastTime: beijingTime(lastTime),
    utcLastTime: new Date(lastTime).toISOString(),
    ...(status === 'online' && clientIp ? { clientIp } : {}),
  });
}

/**
 * The rule engine's form of an Alink property post (`/sys/{pk}/{dn}/thing/event/property/post`,
 * `{id, version, params, method: "thing.event.property.post"}`): each param becomes an item with
 * the time the device gave it, or the time it arrived.
 */
export function propertyPostMessage(device: DeviceId, alink: { id?: string; params: Record<string, unknown> }, receivedAt: number): string {
  const items: Record<string, { value: unknown; time: number }> = {};
  for (const [id, param] of Object.entries(alink.params)) {
    const timed = param as { value?: unknown; time?: unknown } | null;
    items[id] =
      typeof timed === 'object' && timed !== null && 'value' in timed && typeof timed.time === 'number'
        ? { value: timed.value, time: timed.time }
        : { value: param, time: receivedAt };
  }
  return JSON.stringify({
    iotId: `${device.productKey}${device.deviceName}`.slice(0, 28),
    requestId: alink.id ?? String(receivedAt),
    productKey: device.productKey,
    deviceName: device.deviceName,
    gmtCreate: receivedAt,
    items,
  });
}
