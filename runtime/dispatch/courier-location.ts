/** A courier's position reports: the compare-and-set of its latest fix and the index rows that follow it. */
import { ConditionFailedError, type Attributes, type ColumnCondition, type TableStore } from '../shared/ports';
import { checkTime, fixOf, type Fix } from './courier-fix';
import { courierKey } from './courier-keys';
import { UnknownCourierError } from './courier-registry';
import { encode } from './geo/geohash';
import { parsePosition, type Position } from './geo/position';
import { deleteIndexRowOf, dropIndexRowUnlessCurrent, indexWhileCurrent, putIndexRow, type FixPlace } from './location-index';
import type { DispatchSettings } from './settings';

/** Compare-and-set rounds before a location update gives up on a courier written that fast. */
const MAX_LOCATION_ATTEMPTS = 5;

/** Records a fix; false when the courier already has one at least as new (the fix is dropped). See recordCourierFix. */
export async function recordCourierLocation(
  store: TableStore,
  settings: DispatchSettings,
  courierId: string,
  position: Position,
  nowMs: number,
): Promise<boolean> {
  return (await recordCourierFix(store, settings, courierId, position, nowMs)).applied;
}

export interface RecordedFix {
  applied: boolean;
  /** The courier's row after the fix (as read, when it was dropped). */
  courier: Attributes;
  /** The courier's fix before this one. */
  previous?: Fix;
}

/**
 * Records a fix, unless the courier already has one at least as new (the fix is dropped).
 *
 * Concurrent fixes for one courier, e.g. retried requests arriving out of order, must leave it in
 * exactly one cell. Three rules do it, each a single conditional write:
 * 1. The `couriers` row changes by compare-and-set on `locationAt`, so applied fixes form a chain
 *    in time order and each knows the fix it replaced; an older fix never overwrites a newer one.
 * 2. Each applied fix deletes its predecessor's index row, but only while that row holds the
 *    predecessor's `locationAt` or an older one (a newer fix in the same cell must stay).
 * 3. Each fix that put an index row re-reads `couriers` afterwards and, if it is no longer the
 *    latest fix of an ONLINE courier, deletes its own row (again only if the row is still its own).
 * A predecessor's row written after its successor's delete (rule 2 came too early) is caught by
 * rule 3: the predecessor's re-read comes after its own put, so after the successor's update.
 *
 * The update can stop between any two writes. A fix that moved the courier to another cell records
 * the cell it left (`movedFromCell`, `movedFromAt`) in the same compare-and-set, and every update
 * first deletes that row again: so a move stopped before rule 2 is finished by the retry or the next
 * fix. A replay of the current fix (the retried request) redoes its index row, which a stop right
 * after the compare-and-set left unwritten.
 */
export async function recordCourierFix(
  store: TableStore,
  settings: DispatchSettings,
  courierId: string,
  position: Position,
  nowMs: number,
): Promise<RecordedFix> {
  const { lat, lon } = parsePosition(position);
  checkTime(nowMs);
  const fix: Fix = { lat, lon, at: nowMs, cell: encode(lat, lon, settings.cellPrecision) };
  for (let attempt = 1; ; attempt++) {
    const before = await store.getRow(settings.tables.couriers, courierKey(courierId));
    if (!before) throw new UnknownCourierError(courierId);
    const left = movedFrom(before);
    if (left) await deleteIndexRowOf(store, settings, courierId, left);
    const previous = fixOf(before);
    if (previous && previous.at === fix.at && before.status === 'ONLINE') await indexWhileCurrent(store, settings, courierId, previous);
    if (previous && previous.at >= fix.at) return { applied: false, courier: before, previous };
    const moved = previous && previous.cell !== fix.cell ? previous : undefined;
    let after: Attributes;
    try {
      after = await store.updateRow(
        settings.tables.couriers,
        courierKey(courierId),
        {
          put: { lat, lon, cell: fix.cell, locationAt: fix.at, ...(moved ? { movedFromCell: moved.cell, movedFromAt: moved.at } : {}) },
          ...(moved ? {} : { delete: ['movedFromCell', 'movedFromAt'] }),
        },
        { row: 'EXPECT_EXIST', column: locationAtStill(previous?.at) },
      );
    } catch (err) {
      // Another fix landed (or the courier went) between the read and the write: read again.
      if (err instanceof ConditionFailedError && attempt < MAX_LOCATION_ATTEMPTS) continue;
      throw err;
    }
    if (after.status === 'ONLINE') await putIndexRow(store, settings, courierId, fix);
    // Not ONLINE: the row in the same cell is not overwritten by a put, so it goes too.
    if (previous && (previous.cell !== fix.cell || after.status !== 'ONLINE')) await deleteIndexRowOf(store, settings, courierId, previous);
    if (after.status === 'ONLINE') await dropIndexRowUnlessCurrent(store, settings, courierId, fix);
    return { applied: true, courier: after, ...(previous ? { previous } : {}) };
  }
}

/** The fix a move left behind, as the compare-and-set recorded it. */
function movedFrom(row: Attributes): FixPlace | undefined {
  const { movedFromCell: cell, movedFromAt: at } = row;
  return typeof cell === 'string' && typeof at === 'number' ? { cell, at } : undefined;
}

/**
 * `locationAt` unchanged since it was read. A courier that never had a fix has no such column:
 * then "still absent", which is NOT(locationAt >= MIN_SAFE_INTEGER) with pass_if_missing off.
 */
function locationAtStill(at: number | undefined): ColumnCondition {
  if (at !== undefined) return { column: 'locationAt', op: '=', value: at, passIfMissing: false };
  return { not: { column: 'locationAt', op: '>=', value: Number.MIN_SAFE_INTEGER, passIfMissing: false } };
}
