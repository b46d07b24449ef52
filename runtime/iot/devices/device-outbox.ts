/**
 * A device's notifications: one per owner kind for a transition (Mobile Push takes one target kind
 * a call, up to 1,000 ids), kept in the device row's outbox ring and sent by shared/outbox (several
 * entries in one MassPush).
 */
import type { Logger } from '../../shared/log';
import { hasUnsent, readOutbox, sendOutbox, type Notification, type OutboxRow } from '../../shared/outbox';
import type { Attributes } from '../../shared/ports';
import { PUSH_MAX_TARGETS, type PushTargetType } from '../../shared/push-plan';
import { DEVICE_OUTBOX_CAPACITY } from '../settings';
import type { DeviceDeps } from './deps';
import type { DeviceStatus } from './device-events';
import { deviceKey } from './device-row';
import type { Owner } from './owners';

export const DEVICE_NOTIFICATION_KIND = 'DEVICE_STATUS';
const TARGET_ORDER: PushTargetType[] = ['ACCOUNT', 'ALIAS', 'DEVICE'];

export function deviceOutbox(deps: DeviceDeps, deviceId: string): OutboxRow {
  const table = deps.settings.tables.devices;
  return { table, key: deviceKey(deviceId), id: deviceId, pushParameters: { deviceId }, capacity: DEVICE_OUTBOX_CAPACITY };
}

/** The notifications of `deviceId` going `status` at device time `at`, one per owner kind (chunks of 1,000 ids). */
export function transitionNotifications(deviceId: string, status: DeviceStatus, at: number, owners: readonly Owner[]): Notification[] {
  const deviceName = deviceId.slice(deviceId.indexOf('/') + 1);
  const notifications: Notification[] = [];
  for (const target of TARGET_ORDER) {
    const ids = [...new Set(owners.filter((o) => o.target === target).map((o) => o.id))];
    for (let i = 0; i < ids.length; i += PUSH_MAX_TARGETS) {
      notifications.push({
        kind: DEVICE_NOTIFICATION_KIND,
        to: 'owners',
        recipientId: deviceId,
        target,
        targetValue: ids.slice(i, i + PUSH_MAX_TARGETS).join(','),
        title: `${deviceName} is ${status}`,
        body: `${deviceId} went ${status} at ${new Date(at).toISOString()}`,
        data: { status, at: String(at) },
      });
    }
  }
  return notifications;
}

/** Sends what the row's outbox still holds (a decision whose sends failed); nothing when all is sent. */
export async function sendUnsent(
  deps: DeviceDeps,
  deviceId: string,
  row: Attributes | undefined,
  requestId: string,
  log: Logger,
): Promise<{ sent: string[]; failed: string[] }> {
  if (!row || !hasUnsent(readOutbox(deviceId, row, DEVICE_OUTBOX_CAPACITY))) return { sent: [], failed: [] };
  const result = await sendOutbox(deps, deviceOutbox(deps, deviceId), { requestId, maxSendAttempts: deps.settings.devices.maxSendAttempts, log });
  return result ?? { sent: [], failed: [] };
}
