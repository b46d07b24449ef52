/**
 * A courier's `activeOrders` (INTEGER on its couriers row) against its `capacity`, changed only by
 * conditional INCREMENTs. Table Store cannot compare two columns, so a reservation reads the
 * capacity and then requires `capacity` to still be that value in the same write.
 */
import type { Logger } from '../shared/log';
import { ConditionFailedError, type Attributes } from '../shared/ports';
import { courierKey } from './courier-keys';
import type { DispatchDeps } from './deps';
import { DISPATCH_TABLES } from './settings';

// Exported for assignment, order-actions and couriers until they name the table through the settings too.
export const COURIERS = DISPATCH_TABLES.couriers.name;
export { courierKey };

export type Reservation = { ok: true; courier: Attributes } | { ok: false; reason: 'unknown' | 'offline' | 'at-capacity' };

const ATTEMPTS = 5;

export function capacityOf(deps: DispatchDeps, courier: Attributes): number {
  return typeof courier.capacity === 'number' ? courier.capacity : deps.settings.defaultCourierCapacity;
}

/** +1 active order, only while ONLINE and below capacity. Returns the courier row as read before. */
export async function reserveCourier(deps: DispatchDeps, courierId: string): Promise<Reservation> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const courier = await deps.store.getRow(deps.settings.tables.couriers, courierKey(courierId));
    if (!courier) return { ok: false, reason: 'unknown' };
    if (courier.status !== 'ONLINE') return { ok: false, reason: 'offline' };
    const capacity = capacityOf(deps, courier);
    const active = typeof courier.activeOrders === 'number' ? courier.activeOrders : 0;
    if (active >= capacity) return { ok: false, reason: 'at-capacity' };
    try {
      await deps.store.updateRow(
        deps.settings.tables.couriers,
        courierKey(courierId),
        { increment: { activeOrders: 1 } },
        {
          row: 'EXPECT_EXIST',
          column: {
            and: [
              { column: 'status', op: '=', value: 'ONLINE', passIfMissing: false },
              // Missing columns: activeOrders starts at 0 and capacity is the default, as read above.
              { column: 'activeOrders', op: '<', value: capacity, passIfMissing: true },
              { column: 'capacity', op: '=', value: capacity, passIfMissing: true },
            ],
          },
        },
      );
      return { ok: true, courier };
    } catch (err) {
      if (!(err instanceof ConditionFailedError)) throw err;
      // Someone else changed the row in between: judge again from a fresh read.
    }
  }
  return { ok: false, reason: 'at-capacity' };
}

/** −1 active order (never below 0). Called exactly once per reservation that is given back or finished. */
export async function releaseCourier(deps: DispatchDeps, courierId: string, log: Logger): Promise<void> {
  try {
    await deps.store.updateRow(
      deps.settings.tables.couriers,
      courierKey(courierId),
      { increment: { activeOrders: -1 } },
      { row: 'EXPECT_EXIST', column: { column: 'activeOrders', op: '>', value: 0, passIfMissing: false } },
    );
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
    log.warn('courier had no active order to release', { courierId });
  }
}
