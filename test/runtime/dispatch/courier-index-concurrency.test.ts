/**
 * Concurrent location updates for one courier, interleaved at every TableStore call: the
 * couriers row keeps the newest fix and the index holds exactly that fix, in one cell.
 */
import { recordCourierLocation, registerCourier, setCourierStatus } from '../../../runtime/dispatch/courier-index';
import { cellSize, encode } from '../../../runtime/dispatch/geo/geohash';
import { seededRandom } from '../../../runtime/dispatch/local/random-points';
import { DEFAULT_SETTINGS } from './default-settings';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import { MAX, MIN, type TableStore } from '../../../runtime/shared/ports';

const SETTINGS = DEFAULT_SETTINGS;
const NOW = 1_700_000_000_000;
const ORIGIN = { lat: 30.27, lon: 120.15 };

/**
 * Every call waits a seeded random number of event-loop turns first, so calls interleave; now and
 * then a long wait, so one update can fall several steps behind another.
 */
function interleaving(store: TableStore, random: () => number): TableStore {
  const pause = async () => {
    for (let i = Math.floor(random() ** 3 * 16); i > 0; i--) await new Promise((resolve) => setImmediate(resolve));
  };
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await pause();
        return value.apply(target, args);
      };
    },
  });
}

async function indexRowsOf(store: TableStore, courierId: string) {
  const page = await store.getRange('courier_cells', [['cell', MIN], ['courierId', MIN]], [['cell', MAX], ['courierId', MAX]]);
  return page.rows
    .filter((r) => r.key[1][1] === courierId)
    .map((r) => ({ cell: r.key[0][1], lat: r.attributes.lat, lon: r.attributes.lon, locationAt: r.attributes.locationAt }));
}

describe('concurrent location updates for one courier', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %p: the newest fix wins and sits in exactly one cell', async (seed) => {
    const random = seededRandom(seed);
    const memory = new MemoryTableStore();
    await registerCourier(memory, SETTINGS, 'c1');
    await recordCourierLocation(memory, SETTINGS, 'c1', ORIGIN, NOW);
    await setCourierStatus(memory, SETTINGS, 'c1', 'ONLINE', NOW);
    const store = interleaving(memory, random);
    const { widthDegrees, heightDegrees } = cellSize(SETTINGS.cellPrecision);
    // Fixes spread over a 3x3 block of cells, sent in shuffled time order.
    const fixes = Array.from({ length: 12 }, (_, i) => ({
      at: NOW + 1000 * (i + 1),
      position: { lat: ORIGIN.lat + Math.floor(random() * 3) * heightDegrees, lon: ORIGIN.lon + Math.floor(random() * 3) * widthDegrees },
    })).sort(() => random() - 0.5);
    await Promise.all(fixes.map((f) => recordCourierLocation(store, SETTINGS, 'c1', f.position, f.at)));

    const newest = fixes.reduce((a, b) => (a.at > b.at ? a : b));
    const cell = encode(newest.position.lat, newest.position.lon, SETTINGS.cellPrecision);
    expect(await memory.getRow('couriers', [['courierId', 'c1']])).toMatchObject({ ...newest.position, cell, locationAt: newest.at });
    expect(await indexRowsOf(memory, 'c1')).toEqual([{ cell, ...newest.position, locationAt: newest.at }]);
  });

  it('an older update arriving after a newer one changes nothing', async () => {
    const memory = new MemoryTableStore();
    await registerCourier(memory, SETTINGS, 'c1');
    await setCourierStatus(memory, SETTINGS, 'c1', 'ONLINE', NOW);
    const older = { lat: ORIGIN.lat, lon: ORIGIN.lon };
    const newer = { lat: ORIGIN.lat + 0.05, lon: ORIGIN.lon };
    const store = interleaving(memory, seededRandom(99));
    const [olderApplied, newerApplied] = await Promise.all([
      // The older fix starts later, as a retried request would.
      new Promise((resolve) => setImmediate(resolve)).then(() => recordCourierLocation(store, SETTINGS, 'c1', older, NOW + 1000)),
      recordCourierLocation(store, SETTINGS, 'c1', newer, NOW + 2000),
    ]);
    expect(newerApplied).toBe(true);
    // Whether or not the older fix landed first, the newer one is what remains.
    expect([true, false]).toContain(olderApplied);
    const cell = encode(newer.lat, newer.lon, SETTINGS.cellPrecision);
    expect(await memory.getRow('couriers', [['courierId', 'c1']])).toMatchObject({ ...newer, cell, locationAt: NOW + 2000 });
    expect(await indexRowsOf(memory, 'c1')).toEqual([{ cell, ...newer, locationAt: NOW + 2000 }]);
  });
});
