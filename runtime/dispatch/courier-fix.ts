/** A courier's latest position report (its fix) as the `couriers` row stores it. */
import type { Attributes } from '../shared/ports';

/** `locationAt` in epoch milliseconds. */
export interface Fix {
  lat: number;
  lon: number;
  cell: string;
  at: number;
}

export function fixOf(row: Attributes): Fix | undefined {
  const { lat, lon, cell, locationAt } = row;
  if (typeof lat !== 'number' || typeof lon !== 'number' || typeof cell !== 'string' || typeof locationAt !== 'number') return undefined;
  return { lat, lon, cell, at: locationAt };
}

/** `locationAt` and `statusAt` are INTEGER columns compared exactly: a fractional time would be a DOUBLE. */
export function checkTime(nowMs: number): void {
  if (!Number.isSafeInteger(nowMs)) throw new RangeError(`nowMs must be an integer number of milliseconds, got ${nowMs}`);
}
