/**
 * A courier's `activeOrders` (INTEGER on its couriers row) against its `capacity`, changed only by
 * conditional INCREMENTs. Table Store cannot compare two columns, so a reservation reads the
 * capacity and then requires `capacity` to still be that value in the same write.
 */
import type { Logger } from '../shared/log';
import type { Attributes } from '../shared/ports';
import { columnEquals, ifCondition } from '../shared/table-store';
import { courierKey } from './courier-keys';
import type { DispatchDeps } from './deps';


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
    const reserved = await ifCondition(() =>
      deps.store.updateRow(
        deps.settings.tables.couriers,
        courierKey(courierId),
        { increment: { activeOrders: 1 } },
        {
          row: 'EXPECT_EXIST',
          column: {
            and: [
              columnEquals('status', 'ONLINE'),
              // Missing columns: activeOrders starts at 0 and capacity is the default, as read above.
              { column: 'activeOrders', op: '<', value: capacity, passIfMissing: true },
              { column: 'capacity', op: '=', value: capacity, passIfMissing: true },
            ],
          },
        },
      ),
    );
    if (reserved) return { ok: true, courier };
    // Someone else changed the row in between: judge again from a fresh read.
  }
  return { ok: false, reason: 'at-capacity' };
}

/** −1 active order (never below 0). Called exactly once per reservation that is given back or finished. */
export async function releaseCourier(deps: DispatchDeps, courierId: string, log: Logger): Promise<void> {
  const released = await ifCondition(() =>
    deps.store.updateRow(
      deps.settings.tables.couriers,
      courierKey(courierId),
      { increment: { activeOrders: -1 } },
      { row: 'EXPECT_EXIST', column: { column: 'activeOrders', op: '>', value: 0, passIfMissing: false } },
    ),
  );
  if (!released) log.warn('courier had no active order to release', { courierId });
}
