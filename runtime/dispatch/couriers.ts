/**
 * POST /couriers/{id}/location and /status: the API glue around courier-index.ts.
 * Status registers the courier on first use; `capacity` (optional) sets how many active orders
 * it may carry (settings.defaultCourierCapacity when never set). Both give back the slots the courier
 * holds for orders that no longer need them (their writers died): a status change always, location
 * updates once per SLOT_CHECK_WINDOW_MS.
 */
import { json, notFound, optionalInteger, pathId, requiredEnum } from '../shared/http';
import { courierKey } from './courier-keys';
import { reclaimSlots } from './courier-slots';
import { heldOrders } from './courier-load';
import { recordCourierFix, registerCourier, setCourierStatus, UnknownCourierError } from './courier-index';
import type { Endpoint } from './endpoint';
import { requiredPosition } from './domain-fields';

const STATUSES = ['ONLINE', 'OFFLINE'] as const;
/** How often a courier's location updates check its held slots (at most one check per window). */
export const SLOT_CHECK_WINDOW_MS = 10 * 60_000;
const slotWindow = (ms: number) => Math.floor(ms / SLOT_CHECK_WINDOW_MS);
const MAX_CAPACITY = 100;

export const courierLocation: Endpoint = async ({ deps, params, body }) => {
  const courierId = pathId(params, 'courierId');
  const location = requiredPosition(body(), 'location');
  const now = deps.clock.now();
  try {
    const { applied, courier, previous } = await recordCourierFix(deps.store, deps.settings, courierId, location, now);
    // The first fix of each window checks the slots the courier holds: one that no order needs any more (its
    // writers all died) goes back within a window, so a courier is never starved for good by a slot.
    if (applied && heldOrders(courier).length > 0 && (!previous || slotWindow(previous.at) !== slotWindow(now))) {
      await reclaimSlots(deps, courierId, courier);
    }
    return json(200, { courierId, applied, locationAt: new Date(now).toISOString() });
  } catch (err) {
    if (err instanceof UnknownCourierError) throw notFound('courier', courierId, 'courierId');
    throw err;
  }
};

export const courierStatus: Endpoint = async ({ deps, params, body }) => {
  const courierId = pathId(params, 'courierId');
  const input = body();
  const status = requiredEnum(input, 'status', STATUSES);
  const capacity = optionalInteger(input, 'capacity', 1, MAX_CAPACITY);
  const registered = await registerCourier(deps.store, deps.settings, courierId, capacity === undefined ? {} : { capacity });
  if (!registered && capacity !== undefined) {
    await deps.store.updateRow(deps.settings.tables.couriers, courierKey(courierId), { put: { capacity } }, { row: 'EXPECT_EXIST' });
  }
  await setCourierStatus(deps.store, deps.settings, courierId, status, deps.clock.now());
  const read = () => deps.store.getRow(deps.settings.tables.couriers, courierKey(courierId));
  // A status change also gives back slots no order needs any more (accepts that died and were never retried).
  const row = (await read()) ?? {};
  const current = (await reclaimSlots(deps, courierId, row)) > 0 ? ((await read()) ?? {}) : row;
  return json(registered ? 201 : 200, {
    courier: {
      courierId,
      status: current.status,
      activeOrders: current.activeOrders ?? 0,
      capacity: current.capacity ?? deps.settings.defaultCourierCapacity,
    },
  });
};
