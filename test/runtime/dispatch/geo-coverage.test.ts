import { coveredRadiusMeters } from '../../../runtime/dispatch/geo/coverage';
import { cellSize, decode, encode, ring } from '../../../runtime/dispatch/geo/geohash';
import { haversineMeters } from '../../../runtime/dispatch/geo/haversine';
import { seededRandom } from '../../../runtime/dispatch/local/random-points';

describe('coveredRadiusMeters', () => {
  // Places where the bound is easy to get wrong: a city, the antimeridian, near a pole.
  it.each([
    [30.27, 120.15, 6],
    [-16.5, 179.99, 5],
    [84.5, 10, 4],
  ])('no point outside rings 0..k around (%p, %p) at precision %p is nearer than the bound', (lat, lon, precision) => {
    const random = seededRandom(precision);
    const cell = encode(lat, lon, precision);
    const box = decode(cell);
    const { widthDegrees, heightDegrees } = cellSize(precision);
    for (const k of [0, 1, 2, 3]) {
      const block = new Set<string>();
      for (let r = 0; r <= k; r++) ring(cell, r).forEach((c) => block.add(c));
      let nearestOutside = Infinity;
      for (let i = 0; i < 400; i++) {
        const point = { lat: box.minLat + random() * heightDegrees, lon: box.minLon + random() * widthDegrees };
        const bound = coveredRadiusMeters(point, cell, k);
        expect(bound).toBeGreaterThan(0);
        // Points in a band just outside the block, where the nearest outsiders are.
        const span = k + 1 + random();
        const other = {
          lat: Math.max(-90, Math.min(90, point.lat + (random() * 2 - 1) * span * heightDegrees)),
          lon: ((point.lon + (random() * 2 - 1) * span * widthDegrees + 540) % 360) - 180,
        };
        if (block.has(encode(other.lat, other.lon, precision))) continue;
        const d = haversineMeters(point, other);
        nearestOutside = Math.min(nearestOutside, d - bound);
        expect(d).toBeGreaterThanOrEqual(bound - 1e-6);
      }
      // The bound is not vacuous: some outsider comes within a cell of it.
      expect(nearestOutside).toBeLessThan(haversineMeters({ lat, lon }, { lat: lat + heightDegrees, lon: lon + widthDegrees }));
    }
  });

  it('grows with k', () => {
    const point = { lat: 30.27, lon: 120.15 };
    const cell = encode(point.lat, point.lon, 6);
    const radii = [0, 1, 2, 3].map((k) => coveredRadiusMeters(point, cell, k));
    for (let k = 1; k < radii.length; k++) expect(radii[k]).toBeGreaterThan(radii[k - 1]);
  });

  it('is unbounded once the rings cover the whole world', () => {
    expect(coveredRadiusMeters({ lat: 10, lon: 10 }, encode(10, 10, 1), 4)).toBe(Infinity);
  });
});
