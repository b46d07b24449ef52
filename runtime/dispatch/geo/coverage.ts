/**
 * How far the rings around a cell reach for certain: every point outside the block of cells
 * within Chebyshev distance k of `cell` is at least this far from `point` (a point inside `cell`).
 * The search stops expanding once its k-th best score beats this bound (courier-index.ts).
 */
import { cellSize, gridCell } from './geohash';
import { EARTH_RADIUS_METERS, radians } from './haversine';
import type { Position } from './position';

export function coveredRadiusMeters(point: Position, cell: string, k: number): number {
  const grid = gridCell(cell);
  const { widthDegrees, heightDegrees } = cellSize(grid.precision);
  let nearest = Infinity;
  // North and south edges are parallels: the shortest way to a parallel runs along the meridian.
  if (grid.row + k + 1 < grid.rows) {
    const edge = -90 + (grid.row + k + 1) * heightDegrees;
    nearest = Math.min(nearest, EARTH_RADIUS_METERS * radians(edge - point.lat));
  }
  if (grid.row - k > 0) {
    const edge = -90 + (grid.row - k) * heightDegrees;
    nearest = Math.min(nearest, EARTH_RADIUS_METERS * radians(point.lat - edge));
  }
  // East and west edges lie on meridians, i.e. great circles, and the distance from a point to a
  // great circle is asin(cos(lat) * |sin(dLon)|). That bounds paths over a pole as well.
  // When the block spans every column there are no east/west edges left to cross.
  if (2 * k + 1 < grid.columns) {
    const west = -180 + (grid.column - k) * widthDegrees;
    const east = -180 + (grid.column + k + 1) * widthDegrees;
    for (const edge of [west, east]) {
      const toMeridian = Math.asin(Math.min(1, Math.cos(radians(point.lat)) * Math.abs(Math.sin(radians(edge - point.lon)))));
      nearest = Math.min(nearest, EARTH_RADIUS_METERS * toMeridian);
    }
  }
  return Math.max(0, nearest);
}
