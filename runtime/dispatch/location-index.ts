/**
 * The `courier_cells` rows: one per ONLINE courier under the geohash cell of its latest fix. Each
 * write is conditional on the row's `locationAt`, so racing fixes of one courier never leave a
 * stale row behind (the rules are on recordCourierLocation).
 */
import { ConditionFailedError, MAX, MIN, type Attributes, type PrimaryKey, type TableStore } from '../shared/ports';
import type { Fix } from './courier-fix';
import { cellKey, courierKey } from './courier-keys';
import type { DispatchSettings } from './settings';

/** Where a fix was indexed: enough to find and delete its row. */
export type FixPlace = Pick<Fix, 'cell' | 'at'>;

export interface IndexRow {
  key: PrimaryKey;
  attributes: Attributes;
}

/** Every index row of one cell. */
export async function readCell(store: TableStore, settings: DispatchSettings, cell: string): Promise<IndexRow[]> {
  const rows: IndexRow[] = [];
  let start: PrimaryKey | undefined = [['cell', cell], ['courierId', MIN]];
  while (start) {
    const page = await store.getRange(settings.tables.courierCells, start, [['cell', cell], ['courierId', MAX]]);
    rows.push(...page.rows);
    start = page.next;
  }
  return rows;
}

/** Puts the fix in the index, then takes it out again if it stopped being the current one meanwhile. */
export async function indexWhileCurrent(store: TableStore, settings: DispatchSettings, courierId: string, fix: Fix): Promise<void> {
  await putIndexRow(store, settings, courierId, fix);
  await dropIndexRowUnlessCurrent(store, settings, courierId, fix);
}

/** Writes the fix's index row unless the cell already holds a newer fix of this courier. */
export async function putIndexRow(store: TableStore, settings: DispatchSettings, courierId: string, fix: Fix): Promise<void> {
  await ignoringConditionFailure(
    store.putRow(
      settings.tables.courierCells,
      cellKey(fix.cell, courierId),
      { lat: fix.lat, lon: fix.lon, locationAt: fix.at },
      { row: 'IGNORE', column: { column: 'locationAt', op: '<=', value: fix.at } },
    ),
  );
}

/** Rule 3 of recordCourierLocation. */
export async function dropIndexRowUnlessCurrent(store: TableStore, settings: DispatchSettings, courierId: string, fix: Fix): Promise<void> {
  const now = await store.getRow(settings.tables.couriers, courierKey(courierId));
  if (now?.status === 'ONLINE' && now.locationAt === fix.at) return;
  await deleteIndexRowOf(store, settings, courierId, fix);
}

/** Deletes the courier's row in the fix's cell if it holds that fix or an older one (a leftover), never a newer one. */
export async function deleteIndexRowOf(store: TableStore, settings: DispatchSettings, courierId: string, fix: FixPlace): Promise<void> {
  await ignoringConditionFailure(
    store.deleteRow(settings.tables.courierCells, cellKey(fix.cell, courierId), {
      row: 'IGNORE',
      column: { column: 'locationAt', op: '<=', value: fix.at, passIfMissing: false },
    }),
  );
}

async function ignoringConditionFailure(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
  }
}
