/** Couriers joining (registerCourier) and going ONLINE or OFFLINE, which puts them in or takes them out of the location index. */
import { ConditionFailedError, type Attributes, type TableStore } from '../shared/ports';
import { checkTime, fixOf } from './courier-fix';
import { cellKey, courierKey } from './courier-keys';
import { indexWhileCurrent } from './location-index';
import type { DispatchSettings } from './settings';

export type CourierStatus = 'ONLINE' | 'OFFLINE';

export class UnknownCourierError extends Error {
  readonly code = 'UnknownCourier';

  constructor(readonly courierId: string) {
    super(`courier ${courierId} is not registered`);
    this.name = 'UnknownCourierError';
  }
}

/** Creates the courier OFFLINE with no orders, unless it exists. True when this call created it. */
export async function registerCourier(
  store: TableStore,
  settings: DispatchSettings,
  courierId: string,
  options: { capacity?: number } = {},
): Promise<boolean> {
  const { capacity } = options;
  if (capacity !== undefined && (!Number.isSafeInteger(capacity) || capacity < 1)) {
    throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }
  const row: Attributes = { status: 'OFFLINE', activeOrders: 0, ...(capacity === undefined ? {} : { capacity }) };
  try {
    await store.putRow(settings.tables.couriers, courierKey(courierId), row, { row: 'EXPECT_NOT_EXIST' });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError) return false;
    throw err;
  }
}

/**
 * ONLINE puts the courier's latest fix into the index, OFFLINE takes it out. A fix already older
 * than locationMaxAgeSeconds is not indexed (the search would skip it); the next fix indexes it.
 *
 * Two status changes racing for one courier can at worst leave an ONLINE courier out of the index
 * until its next fix (seconds later), never an OFFLINE one offered: the search checks the status.
 */
export async function setCourierStatus(
  store: TableStore,
  settings: DispatchSettings,
  courierId: string,
  status: CourierStatus,
  nowMs: number,
): Promise<void> {
  checkTime(nowMs);
  let after: Attributes;
  try {
    after = await store.updateRow(settings.tables.couriers, courierKey(courierId), { put: { status, statusAt: nowMs } }, { row: 'EXPECT_EXIST' });
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new UnknownCourierError(courierId);
    throw err;
  }
  const fix = fixOf(after);
  if (!fix) return;
  if (status === 'OFFLINE') await store.deleteRow(settings.tables.courierCells, cellKey(fix.cell, courierId));
  else if (nowMs - fix.at <= settings.locationMaxAgeSeconds * 1000) await indexWhileCurrent(store, settings, courierId, fix);
}
