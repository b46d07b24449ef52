/** A location update stopped or disturbed at each of its port calls leaves no courier_cells row behind once retried or followed. */
import { recordCourierLocation, registerCourier, setCourierStatus } from '../../../runtime/dispatch/courier-index';
import { encode } from '../../../runtime/dispatch/geo/geohash';
import { offsetPosition } from '../../../runtime/dispatch/local/random-points';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import { MAX, MIN, type TableStore } from '../../../runtime/shared/ports';
import { faultyStore, FaultRun, on, type FaultMode } from '../../faults/fault-run';
import { DEFAULT_SETTINGS } from './default-settings';

const SETTINGS = DEFAULT_SETTINGS;
const NOW = 1_700_000_000_000;
const A = { lat: 30.27, lon: 120.15 };
/** Three kilometres east: another cell. */
const B = offsetPosition(A, 3000, 90);
const B2 = offsetPosition(B, 20, 0);
const MODES: FaultMode[] = ['kill-before', 'kill-after', 'transient-before', 'lost-response'];

async function cells(store: TableStore): Promise<string[]> {
  const page = await store.getRange('courier_cells', [['cell', MIN], ['courierId', MIN]], [['cell', MAX], ['courierId', MAX]]);
  return page.rows.map((r) => String(r.key[0][1]));
}

/** An ONLINE courier indexed at A. */
async function courierAtA(): Promise<MemoryTableStore> {
  const store = new MemoryTableStore();
  await registerCourier(store, SETTINGS, 'c1');
  await setCourierStatus(store, SETTINGS, 'c1', 'ONLINE', NOW);
  await recordCourierLocation(store, SETTINGS, 'c1', A, NOW);
  expect(await cells(store)).toEqual([encode(A.lat, A.lon, SETTINGS.cellPrecision)]);
  return store;
}

const cellB = encode(B.lat, B.lon, SETTINGS.cellPrecision);

describe('a location update at every stop', () => {
  it('moved to a new cell and killed before deleting the old row: the next update in the new cell removes it', async () => {
    const store = await courierAtA();
    const run = new FaultRun([{ mode: 'kill-before', where: on('store', 'deleteRow', 'courier_cells') }]);
    await expect(recordCourierLocation(faultyStore(store, run), SETTINGS, 'c1', B, NOW + 1000)).rejects.toThrow('killed');
    expect(await recordCourierLocation(store, SETTINGS, 'c1', B2, NOW + 2000)).toBe(true);
    expect(await cells(store)).toEqual([cellB]);
  });

  it('killed after the move but before the new row: the retried request indexes the courier where it is', async () => {
    const store = await courierAtA();
    const run = new FaultRun([{ mode: 'kill-before', where: on('store', 'putRow', 'courier_cells') }]);
    await expect(recordCourierLocation(faultyStore(store, run), SETTINGS, 'c1', B, NOW + 1000)).rejects.toThrow('killed');
    await recordCourierLocation(store, SETTINGS, 'c1', B, NOW + 1000);
    expect(await cells(store)).toEqual([cellB]);
  });

  for (const mode of MODES) {
    for (let at = 1; at <= 6; at++) {
      it(`${mode} at call ${at} of a move, then the retry and a next fix: one row, in the courier's cell`, async () => {
        const store = await courierAtA();
        const run = new FaultRun([{ mode, at }]);
        await recordCourierLocation(faultyStore(store, run), SETTINGS, 'c1', B, NOW + 1000).catch(() => undefined);
        await recordCourierLocation(store, SETTINGS, 'c1', B, NOW + 1000);
        expect(await cells(store)).toEqual([cellB]);
        await recordCourierLocation(store, SETTINGS, 'c1', B2, NOW + 2000);
        expect(await cells(store)).toEqual([cellB]);
      });
    }
  }
});
