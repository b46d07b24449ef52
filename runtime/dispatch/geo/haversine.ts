/** Great-circle distance on a spherical Earth: good to about 0.5% anywhere, far better at city scale. */
import type { Position } from './position';

/** The IUGG mean Earth radius. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

export function haversineMeters(a: Position, b: Position): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  // min(1, h): rounding can push h a hair above 1 for antipodal points.
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.sqrt(Math.min(1, h)));
}

export function radians(degrees: number): number {
  return (degrees * Math.PI) / 180;
}
