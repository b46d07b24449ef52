/**
 * How near a cell can be: no point of `cell` is closer to `point` than this. A path into the cell
 * crosses a parallel it does not start between (the shortest way to a parallel runs along the
 * meridian) and, when the point is outside the cell's columns, one of the cell's edge meridians,
 * which are great circles: the larger of the two distances bounds it.
 */
import { decode } from './geohash';
import { EARTH_RADIUS_METERS, radians } from './haversine';
import type { Position } from './position';

export function cellDistanceLowerBoundMeters(point: Position, cell: string): number {
  const { minLat, maxLat, minLon, maxLon } = decode(cell);
  const toParallel = point.lat < minLat ? minLat - point.lat : point.lat > maxLat ? point.lat - maxLat : 0;
  const alongMeridian = EARTH_RADIUS_METERS * radians(toParallel);
  // Columns wrap at the antimeridian: the point is between the edges when it is east of minLon by at most the width.
  const eastOfWest = (((point.lon - minLon) % 360) + 360) % 360;
  if (eastOfWest <= maxLon - minLon) return alongMeridian;
  const toMeridian = (edge: number) => Math.asin(Math.min(1, Math.cos(radians(point.lat)) * Math.abs(Math.sin(radians(edge - point.lon)))));
  return Math.max(alongMeridian, EARTH_RADIUS_METERS * Math.min(toMeridian(minLon), toMeridian(maxLon)));
}
