/** Seeded random points and metre offsets, for repeatable simulated cities (the local city, tests, the benchmark). */
import { EARTH_RADIUS_METERS, radians } from '../geo/haversine';
import type { Position } from '../geo/position';

export { seededRandom } from '../../shared/local/seeded-random';

/** The point `north` and `east` metres from `origin` on a local flat map (fine up to tens of km). */
export function offsetPosition(origin: Position, north: number, east: number): Position {
  const lat = origin.lat + (north / EARTH_RADIUS_METERS) * (180 / Math.PI);
  const lon = origin.lon + (east / (EARTH_RADIUS_METERS * Math.cos(radians(origin.lat)))) * (180 / Math.PI);
  // Wrap across the antimeridian so a city on it stays valid.
  return { lat, lon: lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon };
}
