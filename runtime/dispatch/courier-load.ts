/**
 * A courier's `activeOrders` (INTEGER on its couriers row) against its `capacity`, and the
 * reservations it counts: one column `held_<orderId>` per order holding a slot, whose value is the
 * offer round the reservation was taken or last confirmed in. The count and the column change in
 * the same conditional single-row write, so a reservation is counted once and released once, and
 * any step may be repeated after a crash or a lost answer. Table Store cannot compare two columns,
 * so taking a slot reads the capacity and then requires `capacity` to still be that value.
 */
import type { Attributes, ColumnCondition, RowUpdate } from '../shared/ports';
import { columnAbsent, columnEquals, ifCondition } from '../shared/table-store';
import { courierKey } from './courier-keys';
import type { DispatchDeps } from './deps';

export type Reservation = { ok: true; courier: Attributes } | { ok: false; reason: 'unknown' | 'offline' | 'at-capacity' };

const ATTEMPTS = 5;
const HELD = 'held_';
const ONLINE = columnEquals('status', 'ONLINE');

export const heldColumn = (orderId: string) => `${HELD}${orderId}`;

/** The orders the courier row holds slots for, with each reservation's round token. */
export function heldOrders(courier: Attributes): Array<{ orderId: string; token: string }> {
  return Object.entries(courier)
    .filter(([name, value]) => name.startsWith(HELD) && typeof value === 'string')
    .map(([name, value]) => ({ orderId: name.slice(HELD.length), token: value as string }));
}

export function capacityOf(deps: DispatchDeps, courier: Attributes): number {
  return typeof courier.capacity === 'number' ? courier.capacity : deps.settings.defaultCourierCapacity;
}

/**
 * Holds a slot for `orderId` in offer round `round`, only while ONLINE: +1 active order below
 * capacity, or, when the courier already holds this order's slot (a retried accept), only its
 * token moves to `round`, so a concurrent release judged on the older round fails.
 * `reclaim` frees stale slots of a full courier and says how many it freed.
 */
export async function reserveCourier(
  deps: DispatchDeps,
  courierId: string,
  orderId: string,
  round: number,
  reclaim: (courier: Attributes) => Promise<number>,
): Promise<Reservation> {
  const column = heldColumn(orderId);
  const token = String(round);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const courier = await deps.store.getRow(deps.settings.tables.couriers, courierKey(courierId));
    if (!courier) return { ok: false, reason: 'unknown' };
    if (courier.status !== 'ONLINE') return { ok: false, reason: 'offline' };
    const held = courier[column];
    if (held === token) return { ok: true, courier };
    if (typeof held === 'string') {
      if (await writeCourier(deps, courierId, { put: { [column]: token } }, [ONLINE, columnEquals(column, held)])) return { ok: true, courier };
      continue;
    }
    const capacity = capacityOf(deps, courier);
    const active = typeof courier.activeOrders === 'number' ? courier.activeOrders : 0;
    if (active >= capacity) {
      if ((await reclaim(courier)) > 0) continue;
      return { ok: false, reason: 'at-capacity' };
    }
    const reserved = await writeCourier(deps, courierId, { put: { [column]: token }, increment: { activeOrders: 1 } }, [
      ONLINE,
      columnAbsent(column),
      // Missing columns: activeOrders starts at 0 and capacity is the default, as read above.
      { column: 'activeOrders', op: '<', value: capacity, passIfMissing: true },
      { column: 'capacity', op: '=', value: capacity, passIfMissing: true },
    ]);
    if (reserved) return { ok: true, courier };
    // Someone else changed the row in between: judge again from a fresh read.
  }
  return { ok: false, reason: 'at-capacity' };
}

/**
 * Gives back the slot held for `orderId` (−1 active order, the column removed), only when it is
 * still held — with `token`, only when still held as of that round. True when this call released it.
 */
export async function releaseReservation(deps: DispatchDeps, courierId: string, orderId: string, token?: string): Promise<boolean> {
  const column = heldColumn(orderId);
  const held: ColumnCondition = token === undefined ? { column, op: '>=', value: '', passIfMissing: false } : columnEquals(column, token);
  return writeCourier(deps, courierId, { delete: [column], increment: { activeOrders: -1 } }, [
    held,
    { column: 'activeOrders', op: '>', value: 0, passIfMissing: false },
  ]);
}

function writeCourier(deps: DispatchDeps, courierId: string, update: RowUpdate, and: ColumnCondition[]): Promise<boolean> {
  return ifCondition(() =>
    deps.store.updateRow(deps.settings.tables.couriers, courierKey(courierId), update, {
      row: 'EXPECT_EXIST',
      column: { and },
    }),
  );
}
