/**
 * A device's owners: who Mobile Push tells about its transitions. An owner is `account:<id>`,
 * `alias:<alias>` or `device:<deviceId>` (Mobile Push's ACCOUNT, ALIAS and DEVICE targets), one row
 * each in device_owners under the device, so binding is one idempotent row write and a device's
 * owners are one range read.
 */
import { HttpError } from '../../shared/http/http-error';
import { MAX, MIN, type PrimaryKey, type TableStore } from '../../shared/ports';
import type { PushTargetType } from '../../shared/push-plan';
import { MAX_OWNERS_PER_DEVICE } from '../settings';

export interface Owner {
  target: PushTargetType;
  id: string;
}

const KINDS: Record<string, PushTargetType> = { account: 'ACCOUNT', alias: 'ALIAS', device: 'DEVICE' };
/** Mobile Push's TargetValue is comma-separated; ids here are 1-128 printable characters without commas or spaces. */
const OWNER_ID = /^[\x21-\x2b\x2d-\x7e]{1,128}$/;

/** `account:alice` → {ACCOUNT, alice}; an HttpError 400 naming `owner` otherwise. */
export function parseOwner(text: string): Owner {
  const colon = text.indexOf(':');
  const target = KINDS[text.slice(0, colon)];
  const id = text.slice(colon + 1);
  if (colon < 0 || !target || !OWNER_ID.test(id)) {
    const rule = 'owner must be account:<id>, alias:<alias> or device:<deviceId> (1-128 printable characters, no commas)';
    throw new HttpError(400, 'invalid_field', rule, 'owner');
  }
  return { target, id };
}

export function ownerText(owner: Owner): string {
  return `${owner.target.toLowerCase()}:${owner.id}`;
}

export function ownerKey(deviceId: string, owner: string): PrimaryKey {
  return [
    ['deviceId', deviceId],
    ['owner', owner],
  ];
}

/** Up to `limit` owners of a device, in key order. */
export async function readOwners(store: TableStore, table: string, deviceId: string, limit = MAX_OWNERS_PER_DEVICE): Promise<Owner[]> {
  const owners: Owner[] = [];
  let start: PrimaryKey = [
    ['deviceId', deviceId],
    ['owner', MIN],
  ];
  const end: PrimaryKey = [
    ['deviceId', deviceId],
    ['owner', MAX],
  ];
  for (;;) {
    const page = await store.getRange(table, start, end, { limit: limit - owners.length });
    for (const row of page.rows) owners.push(parseOwner(String(row.key[1][1])));
    if (!page.next || owners.length >= limit) return owners;
    start = page.next;
  }
}
