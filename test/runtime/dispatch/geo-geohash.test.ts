import { cellSize, decode, encode, ring } from '../../../runtime/dispatch/geo/geohash';
import { seededRandom } from '../../../runtime/dispatch/local/random-points';

describe('geohash encode/decode', () => {
  it('matches published geohashes', () => {
    expect(encode(57.64911, 10.40744, 11)).toBe('u4pruydqqvj');
    expect(encode(42.6, -5.6, 5)).toBe('ezs42');
    expect(encode(-25.382708, -49.265506, 12)).toBe('6gkzwgjzn820');
  });

  it('decodes to the box the point was encoded from, of the documented size', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 500; i++) {
      const lat = random() * 180 - 90;
      const lon = random() * 360 - 180;
      const precision = 1 + Math.floor(random() * 12);
      const box = decode(encode(lat, lon, precision));
      expect(lat).toBeGreaterThanOrEqual(box.minLat);
      expect(lat).toBeLessThanOrEqual(box.maxLat);
      expect(lon).toBeGreaterThanOrEqual(box.minLon);
      expect(lon).toBeLessThanOrEqual(box.maxLon);
      const { widthDegrees, heightDegrees } = cellSize(precision);
      expect(box.maxLon - box.minLon).toBeCloseTo(widthDegrees, 12);
      expect(box.maxLat - box.minLat).toBeCloseTo(heightDegrees, 12);
    }
  });

  it('knows the cell sizes: precision 5 is square in degrees, 6 twice as wide as high', () => {
    expect(cellSize(5)).toEqual({ widthDegrees: 0.0439453125, heightDegrees: 0.0439453125 });
    expect(cellSize(6)).toEqual({ widthDegrees: 360 / 2 ** 15, heightDegrees: 180 / 2 ** 15 });
  });

  it('puts the edges of the world in the first and last cells', () => {
    expect(encode(-90, -180, 3)).toBe('000');
    expect(encode(90, 180, 3)).toBe('zzz');
  });

  it('rejects bad input with a message naming it', () => {
    expect(() => encode(91, 0, 5)).toThrow(/lat/);
    expect(() => encode(0, NaN, 5)).toThrow(/lon/);
    expect(() => encode(0, 0, 13)).toThrow(/precision/);
    expect(() => decode('ezs4a')).toThrow(/"a"/);
  });
});

describe('geohash rings', () => {
  it('ring 0 is the cell, ring 1 its eight published neighbours', () => {
    expect(ring('ezs42', 0)).toEqual(['ezs42']);
    expect(new Set(ring('ezs42', 1))).toEqual(new Set(['ezs48', 'ezs49', 'ezs43', 'ezs41', 'ezs40', 'ezefp', 'ezefr', 'ezefx']));
  });

  it('has 8k cells at distance k away from the poles, and rings 0..k tile the (2k+1)² block', () => {
    const cell = encode(30.27, 120.15, 6);
    const all = new Set<string>();
    for (let k = 0; k <= 6; k++) {
      const cells = ring(cell, k);
      expect(cells).toHaveLength(k === 0 ? 1 : 8 * k);
      for (const c of cells) {
        expect(all.has(c)).toBe(false);
        all.add(c);
      }
      expect(all.size).toBe((2 * k + 1) ** 2);
    }
  });

  it('puts each ring cell at Chebyshev distance k in cell units', () => {
    const cell = encode(30.27, 120.15, 7);
    const centre = decode(cell);
    const { widthDegrees, heightDegrees } = cellSize(7);
    for (const k of [1, 2, 5]) {
      for (const c of ring(cell, k)) {
        const box = decode(c);
        const columns = Math.round((box.minLon - centre.minLon) / widthDegrees);
        const rows = Math.round((box.minLat - centre.minLat) / heightDegrees);
        expect(Math.max(Math.abs(columns), Math.abs(rows))).toBe(k);
      }
    }
  });

  it('wraps across the antimeridian', () => {
    const east = encode(10, 179.99, 5);
    const west = encode(10, -179.99, 5);
    expect(ring(east, 1)).toContain(west);
    expect(ring(west, 1)).toContain(east);
    expect(ring(east, 1)).toHaveLength(8);
  });

  it('stops at the poles instead of inventing cells', () => {
    expect(ring(encode(89.99, 0, 5), 1)).toHaveLength(5);
    expect(ring(encode(-89.99, 0, 5), 1)).toHaveLength(5);
    // The bottom edge (5 cells) and the two sides of the two rows it shares with the cell.
    expect(ring(encode(89.99, 0, 5), 2)).toHaveLength(9);
  });

  it('lists each cell once even when a ring wraps all the way round (precision 1: 8 x 4 cells)', () => {
    const seen: string[] = [];
    for (let k = 0; k <= 4; k++) seen.push(...ring('s', k));
    expect(seen).toHaveLength(32);
    expect(new Set(seen).size).toBe(32);
    expect(ring('s', 5)).toEqual([]);
  });
});
