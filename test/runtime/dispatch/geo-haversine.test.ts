import { EARTH_RADIUS_METERS, haversineMeters } from '../../../runtime/dispatch/geo/haversine';

describe('haversineMeters', () => {
  it('measures one degree along the equator and a meridian as R·π/180', () => {
    const oneDegree = (EARTH_RADIUS_METERS * Math.PI) / 180;
    expect(haversineMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 1 })).toBeCloseTo(oneDegree, 6);
    expect(haversineMeters({ lat: 10, lon: 30 }, { lat: 11, lon: 30 })).toBeCloseTo(oneDegree, 6);
    expect(oneDegree).toBeCloseTo(111_195.08, 1);
  });

  it('matches the Rosetta Code Nashville → Los Angeles figure, rescaled to our radius', () => {
    // 2887.2599506071106 km with R = 6372.8 km.
    const expected = (2887.2599506071106 * 1000 * EARTH_RADIUS_METERS) / 6_372_800;
    const d = haversineMeters({ lat: 36.12, lon: -86.67 }, { lat: 33.94, lon: -118.4 });
    expect(d).toBeCloseTo(expected, 3);
  });

  it('is zero for one point, symmetric, and πR for antipodes (across the antimeridian too)', () => {
    const a = { lat: 30.27, lon: 120.15 };
    const b = { lat: 30.3, lon: 120.2 };
    expect(haversineMeters(a, a)).toBe(0);
    expect(haversineMeters(a, b)).toBe(haversineMeters(b, a));
    expect(haversineMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * EARTH_RADIUS_METERS, 3);
    expect(haversineMeters({ lat: 0, lon: 179.999 }, { lat: 0, lon: -179.999 })).toBeCloseTo(222.39, 1);
  });
});
