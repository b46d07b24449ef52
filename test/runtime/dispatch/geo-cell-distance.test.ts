import { cellDistanceLowerBoundMeters } from '../../../runtime/dispatch/geo/cell-distance';
import { cellSize, decode, encode, ring } from '../../../runtime/dispatch/geo/geohash';
import { haversineMeters } from '../../../runtime/dispatch/geo/haversine';
import { seededRandom } from '../../../runtime/dispatch/local/random-points';

const inBox = (p: { lat: number; lon: number }, b: ReturnType<typeof decode>) =>
  p.lat >= b.minLat && p.lat <= b.maxLat && p.lon >= b.minLon && p.lon <= b.maxLon;

describe('cellDistanceLowerBoundMeters', () => {
  // A city, the antimeridian, near a pole.
  it.each([
    [30.27, 120.15, 6],
    [-16.5, 179.99, 5],
    [84.5, 10, 4],
  ])('no point of a cell in rings 0..3 around (%p, %p) at precision %p is nearer than the bound', (lat, lon, precision) => {
    const random = seededRandom(precision);
    const home = encode(lat, lon, precision);
    const box = decode(home);
    const { widthDegrees, heightDegrees } = cellSize(precision);
    for (let k = 0; k <= 3; k++) {
      for (const cell of ring(home, k)) {
        const target = decode(cell);
        for (let i = 0; i < 20; i++) {
          const point = { lat: box.minLat + random() * heightDegrees, lon: box.minLon + random() * widthDegrees };
          const bound = cellDistanceLowerBoundMeters(point, cell);
          // Corners and edges are where the nearest points of a cell are.
          const inside = { lat: target.minLat + random() * heightDegrees, lon: target.minLon + random() * widthDegrees };
          const corners = [target.minLat, target.maxLat].flatMap((la) => [target.minLon, target.maxLon].map((lo) => ({ lat: la, lon: lo })));
          const edges = [{ lat: point.lat, lon: target.minLon }, { lat: point.lat, lon: target.maxLon }, { lat: target.minLat, lon: point.lon }];
          for (const other of [inside, ...corners, ...edges.filter((e) => inBox(e, target))]) {
            expect(haversineMeters(point, other)).toBeGreaterThanOrEqual(bound - 1e-6);
          }
          if (k === 0) expect(bound).toBe(0);
        }
      }
    }
  });

  it('is the distance to the nearest edge along a meridian for a cell straight north', () => {
    const home = encode(30.27, 120.15, 6);
    const box = decode(home);
    const north = encode(box.maxLat + 0.0001, 120.15, 6);
    const point = { lat: 30.27, lon: 120.15 };
    expect(cellDistanceLowerBoundMeters(point, north)).toBeCloseTo(haversineMeters(point, { lat: decode(north).minLat, lon: 120.15 }), 3);
  });
});
