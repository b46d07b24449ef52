/**
 * A device's row in the devices table (key `deviceId` = `<productKey>/<deviceName>`):
 *   status, statusAt      the latest status by device time (utcLastTime), and that time (INTEGER ms)
 *   changedAt             the device time (ms) the stored status last changed value, strictly increasing: names its check
 *   notifiedStatus        the status owners were last told (absent: never told)
 *   notifiedChangedAt     the change last decided (told, or suppressed as a flap): a check decides once
 *   notifiedAt            when owners were last told (the rate limit counts from it)
 *   p_<id>, t_<id>        each property's latest value (JSON) and its device time (INTEGER ms)
 *   propsVersion          bumped by every property write: the one condition it is made on
 *   n<k>…, outboxSize     the notification outbox, a ring of DEVICE_OUTBOX_CAPACITY slots (shared/outbox)
 */
import type { Attributes, PrimaryKey } from '../../shared/ports';

export const DEVICE_COLUMNS = {
  status: 'status',
  statusAt: 'statusAt',
  changedAt: 'changedAt',
  notifiedStatus: 'notifiedStatus',
  notifiedChangedAt: 'notifiedChangedAt',
  notifiedAt: 'notifiedAt',
  propsVersion: 'propsVersion',
} as const;

/** Two prefixes, so no property's value column is another one's time column. */
export const PROPERTY_PREFIX = 'p_';
export const propertyColumn = (id: string) => `${PROPERTY_PREFIX}${id}`;
export const propertyTimeColumn = (id: string) => `t_${id}`;

export function deviceKey(deviceId: string): PrimaryKey {
  return [['deviceId', deviceId]];
}

export function numberColumn(row: Attributes | undefined, column: string): number | undefined {
  const value = row?.[column];
  return typeof value === 'number' ? value : undefined;
}

export function stringColumn(row: Attributes | undefined, column: string): string | undefined {
  const value = row?.[column];
  return typeof value === 'string' ? value : undefined;
}
