import {
  findCandidates,
  markPendingOffers,
  recordCourierLocation,
  registerCourier,
  setCourierStatus,
  UnknownCourierError,
} from '../../../runtime/dispatch/courier-index';
import { cellSize, encode } from '../../../runtime/dispatch/geo/geohash';
import { InvalidPositionError } from '../../../runtime/dispatch/geo/position';
import { offsetPosition } from '../../../runtime/dispatch/local/random-points';
import { DEFAULT_SETTINGS } from './default-settings';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import { MAX, MIN, type TableStore } from '../../../runtime/shared/ports';

const SETTINGS = DEFAULT_SETTINGS;
const NOW = 1_700_000_000_000;
const SELLER = { lat: 30.27, lon: 120.15 };
const DROPOFF = offsetPosition(SELLER, 1000, 0);

async function indexRows(store: TableStore): Promise<Array<{ cell: string; courierId: string; locationAt: unknown }>> {
  const page = await store.getRange('courier_cells', [['cell', MIN], ['courierId', MIN]], [['cell', MAX], ['courierId', MAX]]);
  return page.rows.map((r) => ({ cell: String(r.key[0][1]), courierId: String(r.key[1][1]), locationAt: r.attributes.locationAt }));
}

/** A registered ONLINE courier at `position`, seen at `at`. */
async function onlineCourier(store: TableStore, id: string, position: { lat: number; lon: number }, at = NOW, capacity?: number): Promise<void> {
  await registerCourier(store, SETTINGS, id, capacity === undefined ? {} : { capacity });
  await recordCourierLocation(store, SETTINGS, id, position, at);
  await setCourierStatus(store, SETTINGS, id, 'ONLINE', Math.max(at, NOW));
}

async function ids(store: TableStore, want?: number, exclude?: ReadonlySet<string>): Promise<string[]> {
  const search = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW, { want, exclude });
  return search.candidates.map((c) => c.courierId);
}

describe('registering couriers and their status', () => {
  it('creates a courier OFFLINE with no orders once, and keeps the first row', async () => {
    const store = new MemoryTableStore();
    expect(await registerCourier(store, SETTINGS, 'c1', { capacity: 4 })).toBe(true);
    expect(await registerCourier(store, SETTINGS, 'c1')).toBe(false);
    expect(await store.getRow('couriers', [['courierId', 'c1']])).toEqual({ status: 'OFFLINE', activeOrders: 0, capacity: 4 });
  });

  it('rejects a capacity that is not a positive integer', async () => {
    await expect(registerCourier(new MemoryTableStore(), SETTINGS, 'c1', { capacity: 0 })).rejects.toThrow(/capacity/);
  });

  it('refuses status and location for a courier that was never registered', async () => {
    const store = new MemoryTableStore();
    await expect(setCourierStatus(store, SETTINGS, 'ghost', 'ONLINE', NOW)).rejects.toBeInstanceOf(UnknownCourierError);
    await expect(recordCourierLocation(store, SETTINGS, 'ghost', SELLER, NOW)).rejects.toBeInstanceOf(UnknownCourierError);
    expect(await store.getRow('couriers', [['courierId', 'ghost']])).toBeUndefined();
  });

  it('rejects an invalid position before writing anything', async () => {
    const store = new MemoryTableStore();
    await registerCourier(store, SETTINGS, 'c1');
    await expect(recordCourierLocation(store, SETTINGS, 'c1', { lat: 95, lon: 0 }, NOW)).rejects.toBeInstanceOf(InvalidPositionError);
    expect(await store.getRow('couriers', [['courierId', 'c1']])).toEqual({ status: 'OFFLINE', activeOrders: 0 });
  });

  it('keeps offline couriers out of the index, and puts them in and out as they go online and offline', async () => {
    const store = new MemoryTableStore();
    await registerCourier(store, SETTINGS, 'c1');
    await recordCourierLocation(store, SETTINGS, 'c1', SELLER, NOW);
    expect(await indexRows(store)).toEqual([]);
    expect(await ids(store)).toEqual([]);

    await setCourierStatus(store, SETTINGS, 'c1', 'ONLINE', NOW + 1);
    expect(await indexRows(store)).toEqual([{ cell: encode(SELLER.lat, SELLER.lon, 6), courierId: 'c1', locationAt: NOW }]);
    expect(await ids(store)).toEqual(['c1']);

    await setCourierStatus(store, SETTINGS, 'c1', 'OFFLINE', NOW + 2);
    expect(await indexRows(store)).toEqual([]);
    expect(await ids(store)).toEqual([]);
  });
});

describe('recording locations', () => {
  it('leaves exactly one index row, in the current cell, however the courier moves', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'c1', SELLER);
    const { widthDegrees } = cellSize(6);
    const path = [1, 2, 2, 5, 1].map((columns) => ({ lat: SELLER.lat, lon: SELLER.lon + columns * widthDegrees }));
    for (const [i, position] of path.entries()) {
      expect(await recordCourierLocation(store, SETTINGS, 'c1', position, NOW + 1000 * (i + 1))).toBe(true);
      expect(await indexRows(store)).toEqual([{ cell: encode(position.lat, position.lon, 6), courierId: 'c1', locationAt: NOW + 1000 * (i + 1) }]);
    }
    expect(await store.getRow('couriers', [['courierId', 'c1']])).toMatchObject({
      lat: path[4].lat,
      lon: path[4].lon,
      cell: encode(path[4].lat, path[4].lon, 6),
      locationAt: NOW + 5000,
    });
  });

  it('drops a fix older than the one stored, in the couriers row and in the index', async () => {
    const store = new MemoryTableStore();
    const newer = offsetPosition(SELLER, 0, 3000);
    await onlineCourier(store, 'c1', newer, NOW);
    expect(await recordCourierLocation(store, SETTINGS, 'c1', SELLER, NOW - 1000)).toBe(false);
    expect(await recordCourierLocation(store, SETTINGS, 'c1', SELLER, NOW)).toBe(false);
    expect(await store.getRow('couriers', [['courierId', 'c1']])).toMatchObject({ lat: newer.lat, lon: newer.lon, locationAt: NOW });
    expect(await indexRows(store)).toEqual([{ cell: encode(newer.lat, newer.lon, 6), courierId: 'c1', locationAt: NOW }]);
  });

  it('rejects a fractional time, which Table Store would store as a DOUBLE', async () => {
    const store = new MemoryTableStore();
    await registerCourier(store, SETTINGS, 'c1');
    await expect(recordCourierLocation(store, SETTINGS, 'c1', SELLER, NOW + 0.5)).rejects.toThrow(/nowMs/);
  });
});

describe('findCandidates', () => {
  it('ranks by distance plus the load penalty, with the scores and ages it used', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'near', offsetPosition(SELLER, 100, 0), NOW - 5000);
    await onlineCourier(store, 'mid', offsetPosition(SELLER, 0, 400));
    await onlineCourier(store, 'far', offsetPosition(SELLER, -900, 0));
    await store.updateRow('couriers', [['courierId', 'near']], { increment: { activeOrders: 1 } });
    const { candidates } = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW);
    expect(candidates.map((c) => c.courierId)).toEqual(['mid', 'near', 'far']);
    const near = candidates[1];
    expect(near.activeOrders).toBe(1);
    expect(near.capacity).toBe(2);
    expect(near.ageSeconds).toBe(5);
    expect(near.distanceToSellerMeters).toBeCloseTo(100, 0);
    expect(near.score).toBeCloseTo(100 + 1000 + 500, 0);
  });

  it('ranks a courier with an open offer as one order busier until the offer expires, never excluding it', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'offered', offsetPosition(SELLER, 100, 0));
    await onlineCourier(store, 'free', offsetPosition(SELLER, 300, 0));
    await onlineCourier(store, 'busy', offsetPosition(SELLER, 50, 0));
    await store.updateRow('couriers', [['courierId', 'busy']], { increment: { activeOrders: 1 } });
    expect(await markPendingOffers(store, SETTINGS, ['offered', 'busy'], NOW + 30_000)).toEqual([]);
    // A mark does not count against capacity: busy (1 of 2 orders, plus an offer) is still a candidate.
    const { candidates } = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW);
    expect(candidates.map((c) => [c.courierId, c.activeOrders, c.pendingOffer])).toEqual([
      ['free', 0, false],
      ['offered', 0, true],
      ['busy', 1, true],
    ]);
    expect(candidates[1].score).toBeCloseTo(100 + 1000 + 500, 0);
    expect(candidates[2].score).toBeCloseTo(50 + 1000 + 2 * 500, 0);
    // The row is untouched but for the mark.
    expect(await store.getRow('couriers', [['courierId', 'offered']])).toMatchObject({ activeOrders: 0, offerLoadUntil: NOW + 30_000 });

    // At the offer's expiry the mark stops counting (as the offer does), with no cleanup.
    const later = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW + 30_000);
    expect(later.candidates.map((c) => [c.courierId, c.pendingOffer])).toEqual([
      ['offered', false],
      ['free', false],
      ['busy', false],
    ]);
    expect(later.candidates[0].score).toBeCloseTo(100 + 1000, 0);
  });

  it('marks only couriers that exist, and reports the rest instead of throwing', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'c1', SELLER);
    const failed = await markPendingOffers(store, SETTINGS, ['c1', 'ghost'], NOW + 30_000);
    expect(failed.map((f) => f.courierId)).toEqual(['ghost']);
    expect(await store.getRow('couriers', [['courierId', 'ghost']])).toBeUndefined();
    expect((await store.getRow('couriers', [['courierId', 'c1']]))!.offerLoadUntil).toBe(NOW + 30_000);
  });

  it('ignores positions older than locationMaxAgeSeconds', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'fresh', offsetPosition(SELLER, 500, 0), NOW - 60_000);
    await onlineCourier(store, 'stale', offsetPosition(SELLER, 10, 0), NOW - 60_001);
    // Indexed while fresh, then silent for longer than the limit.
    await registerCourier(store, SETTINGS, 'aged');
    await recordCourierLocation(store, SETTINGS, 'aged', offsetPosition(SELLER, 20, 0), NOW - 30_000);
    await setCourierStatus(store, SETTINGS, 'aged', 'ONLINE', NOW - 30_000);
    expect(await ids(store)).toEqual(['aged', 'fresh']);
    const later = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW + 31_000);
    expect(later.candidates).toEqual([]);
  });

  it('skips couriers at capacity, by their own capacity or the default', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'full', offsetPosition(SELLER, 10, 0));
    await onlineCourier(store, 'roomy', offsetPosition(SELLER, 20, 0), NOW, 3);
    await onlineCourier(store, 'free', offsetPosition(SELLER, 30, 0));
    await store.updateRow('couriers', [['courierId', 'full']], { increment: { activeOrders: 2 } });
    await store.updateRow('couriers', [['courierId', 'roomy']], { increment: { activeOrders: 2 } });
    expect(await ids(store)).toEqual(['free', 'roomy']);
  });

  it('leaves out excluded couriers', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'a', offsetPosition(SELLER, 10, 0));
    await onlineCourier(store, 'b', offsetPosition(SELLER, 20, 0));
    expect(await ids(store, 3, new Set(['a']))).toEqual(['b']);
  });

  it('stops expanding once no courier further out can beat the offer', async () => {
    const store = new MemoryTableStore();
    for (let i = 0; i < 3; i++) await onlineCourier(store, `c${i}`, offsetPosition(SELLER, 5 * i, 5 * i));
    // Out past every ring: must not be read.
    await onlineCourier(store, 'distant', offsetPosition(SELLER, 8000, 0));
    const search = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW);
    expect(search.candidates.map((c) => c.courierId)).toEqual(['c0', 'c1', 'c2']);
    expect(search.rings).toBeLessThanOrEqual(2);
    expect(search.cellsScanned).toBeLessThanOrEqual(9);
  });

  it('expands to maxRings and no further when the offer cannot be filled', async () => {
    const store = new MemoryTableStore();
    await onlineCourier(store, 'only', offsetPosition(SELLER, 50, 0));
    await onlineCourier(store, 'distant', offsetPosition(SELLER, 8000, 0));
    const search = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW);
    expect(search.candidates.map((c) => c.courierId)).toEqual(['only']);
    expect(search.rings).toBe(SETTINGS.maxRings + 1);
    expect(search.cellsScanned).toBe((2 * SETTINGS.maxRings + 1) ** 2);
  });

  it('reads courier rows only for couriers that can still make the offer', async () => {
    const store = new MemoryTableStore();
    for (let i = 0; i < 40; i++) await onlineCourier(store, `c${String(i).padStart(2, '0')}`, offsetPosition(SELLER, 10 * i, 0));
    const search = await findCandidates(store, SETTINGS, SELLER, DROPOFF, NOW, { want: 2 });
    expect(search.candidates.map((c) => c.courierId)).toEqual(['c00', 'c01']);
    const indexRowsRead = 40;
    // A courier 10 m further than the second cannot beat it, so a couple of reads, not forty.
    expect(search.rowsRead - indexRowsRead).toBeLessThan(5);
  });

  it('skips an index row left in a cell the courier has moved out of', async () => {
    const store = new MemoryTableStore();
    const away = offsetPosition(SELLER, 0, 20_000);
    await onlineCourier(store, 'c1', away);
    await store.putRow('courier_cells', [['cell', encode(SELLER.lat, SELLER.lon, 6)], ['courierId', 'c1']], { ...SELLER, locationAt: NOW });
    expect(await ids(store)).toEqual([]);
  });
});
