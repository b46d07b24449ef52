/**
 * findCandidates against bruteForceCandidates, which reads every courier: same couriers in the
 * same order on seeded random cities, clustered and sparse, with sellers on cell edges and
 * couriers carrying open and expired pending-offer marks.
 */
import { bruteForceCandidates } from '../../../bench/oracles/brute-force-candidates';
import { findCandidates, markPendingOffers, recordCourierLocation, registerCourier, setCourierStatus } from '../../../runtime/dispatch/courier-index';
import { cellSize, decode, encode } from '../../../runtime/dispatch/geo/geohash';
import type { Position } from '../../../runtime/dispatch/geo/position';
import { offsetPosition, seededRandom } from '../../../runtime/dispatch/local/random-points';
import { DEFAULT_SETTINGS } from './default-settings';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';

const SETTINGS = DEFAULT_SETTINGS;
const NOW = 1_700_000_000_000;

interface City {
  name: string;
  centre: Position;
  /** Clustered: around five hubs within 6 km of the centre; sparse: uniform over 30 km x 30 km. */
  layout: 'clustered' | 'sparse';
  couriers: number;
}

const CITIES: City[] = [
  { name: 'clustered Hangzhou', centre: { lat: 30.27, lon: 120.15 }, layout: 'clustered', couriers: 400 },
  { name: 'sparse Hangzhou', centre: { lat: 30.27, lon: 120.15 }, layout: 'sparse', couriers: 150 },
  { name: 'clustered Oslo (cells narrow in metres)', centre: { lat: 59.91, lon: 10.75 }, layout: 'clustered', couriers: 300 },
  { name: 'sparse Taveuni (on the antimeridian)', centre: { lat: -16.85, lon: 179.99 }, layout: 'sparse', couriers: 150 },
];
const SEEDS = [1, 2, 3, 4, 5];

async function buildCity(city: City, random: () => number): Promise<MemoryTableStore> {
  const store = new MemoryTableStore();
  const hubs = Array.from({ length: 5 }, () => [(random() - 0.5) * 12_000, (random() - 0.5) * 12_000]);
  for (let i = 0; i < city.couriers; i++) {
    const id = `c${String(i).padStart(4, '0')}`;
    const [north, east] =
      city.layout === 'sparse'
        ? [(random() - 0.5) * 30_000, (random() - 0.5) * 30_000]
        : hubs[Math.floor(random() * hubs.length)].map((m) => m + gaussian(random) * 400);
    const roll = random();
    await registerCourier(store, SETTINGS, id, roll < 0.2 ? { capacity: 1 + Math.floor(random() * 4) } : {});
    // Mostly fresh, some stale, a few without any fix.
    if (roll > 0.05) {
      const ageMs = random() < 0.15 ? 61_000 + Math.floor(random() * 100_000) : Math.floor(random() * 60_000);
      await recordCourierLocation(store, SETTINGS, id, offsetPosition(city.centre, north, east), NOW - ageMs);
    }
    if (random() < 0.85) await setCourierStatus(store, SETTINGS, id, 'ONLINE', NOW - 1);
    const orders = Math.floor(random() * 4);
    if (orders > 0) await store.updateRow('couriers', [['courierId', id]], { increment: { activeOrders: orders } });
    // Pending-offer marks (by index, so the random layout is unchanged): one in three open, one in three expired or expiring now.
    if (i % 3 === 0) await markPendingOffers(store, SETTINGS, [id], NOW + 1 + (i % 30_000));
    else if (i % 3 === 1) await markPendingOffers(store, SETTINGS, [id], NOW - (i % 2) * 5_000);
  }
  return store;
}

/** A seller on an edge or corner of its cell, or anywhere in it. */
function sellerNearEdge(city: City, random: () => number): Position {
  const somewhere = offsetPosition(city.centre, (random() - 0.5) * 14_000, (random() - 0.5) * 14_000);
  const box = decode(encode(somewhere.lat, somewhere.lon, SETTINGS.cellPrecision));
  const { widthDegrees, heightDegrees } = cellSize(SETTINGS.cellPrecision);
  const nudge = 1e-7;
  const pick = (low: number, span: number) => {
    const r = random();
    return r < 0.3 ? low + nudge : r < 0.6 ? low + span - nudge : low + random() * span;
  };
  return { lat: pick(box.minLat, heightDegrees), lon: wrap(pick(box.minLon, widthDegrees)) };
}

describe.each(CITIES)('findCandidates equals the brute-force answer: $name', (city) => {
  it.each(SEEDS)('seed %p', async (seed) => {
    const random = seededRandom(seed * 7919 + city.couriers);
    const store = await buildCity(city, random);
    let nonEmpty = 0;
    let withPendingOffer = 0;
    for (let order = 0; order < 25; order++) {
      const seller = sellerNearEdge(city, random);
      const dropoff = offsetPosition(seller, (random() - 0.5) * 6000, (random() - 0.5) * 6000);
      const want = [1, 3, 5, 12][order % 4];
      const exclude = new Set(Array.from({ length: 10 }, () => `c${String(Math.floor(random() * city.couriers)).padStart(4, '0')}`));
      const found = await findCandidates(store, SETTINGS, seller, dropoff, NOW, { want, exclude });
      const expected = await bruteForceCandidates(store, SETTINGS, seller, dropoff, NOW, { want, exclude });
      expect(found.candidates).toEqual(expected.candidates);
      if (found.candidates.length > 0) nonEmpty++;
      if (found.candidates.some((c) => c.pendingOffer)) withPendingOffer++;
      expect(found.candidates.length).toBeLessThanOrEqual(want);
      for (const c of found.candidates) expect(exclude.has(c.courierId)).toBe(false);
    }
    // The comparison means something only if many searches find couriers.
    expect(nonEmpty).toBeGreaterThanOrEqual(8);
    // ...and only if pending offers take part in the ranking.
    expect(withPendingOffer).toBeGreaterThanOrEqual(1);
  });
});

/** Box-Muller: a standard normal from two uniforms. */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function wrap(lon: number): number {
  return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
}
