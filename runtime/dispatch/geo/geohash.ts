/**
 * Geohash cells (Niemeyer's base-32 strings). A cell of precision p is one square of a grid of
 * 2^ceil(5p/2) columns of longitude by 2^floor(5p/2) rows of latitude; its characters interleave
 * the column's bits (even positions) with the row's (odd positions). Neighbours and rings are
 * worked out on those integer column/row indices, which makes the antimeridian a plain wrap-around
 * of the column and the poles the first and last row.
 */

export const MAX_PRECISION = 12;
const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export interface CellBounds {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

/** Where a cell sits in the grid of its precision. */
export interface GridCell {
  precision: number;
  column: number;
  row: number;
  columns: number;
  rows: number;
}

export function encode(lat: number, lon: number, precision: number): string {
  checkPrecision(precision);
  if (!(lat >= -90 && lat <= 90)) throw new RangeError(`lat must be from -90 to 90, got ${lat}`);
  if (!(lon >= -180 && lon <= 180)) throw new RangeError(`lon must be from -180 to 180, got ${lon}`);
  const { lonBits, latBits } = bitsOf(precision);
  // Bisection, as the reference algorithm does it: a value on a boundary goes to the upper half.
  return cellAt(precision, bisect(lon, -180, 180, lonBits), bisect(lat, -90, 90, latBits));
}

export function decode(cell: string): CellBounds {
  const { column, row, precision } = gridCell(cell);
  const { widthDegrees, heightDegrees } = cellSize(precision);
  return {
    minLat: -90 + row * heightDegrees,
    maxLat: -90 + (row + 1) * heightDegrees,
    minLon: -180 + column * widthDegrees,
    maxLon: -180 + (column + 1) * widthDegrees,
  };
}

export function cellSize(precision: number): { widthDegrees: number; heightDegrees: number } {
  checkPrecision(precision);
  const { lonBits, latBits } = bitsOf(precision);
  return { widthDegrees: 360 / 2 ** lonBits, heightDegrees: 180 / 2 ** latBits };
}

/**
 * The cells at Chebyshev distance exactly k from `cell` (k = 0: the cell itself), each once.
 * Columns wrap around the antimeridian, and a cell reached the short way round is in the ring of
 * that shorter distance, not this one. Rows stop at the poles: nothing is stitched across a pole,
 * so rings there are cut short. Rings 0..k together are every cell of the (2k+1)-wide block.
 */
export function ring(cell: string, k: number): string[] {
  if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`ring distance must be a non-negative integer, got ${k}`);
  const centre = gridCell(cell);
  if (k === 0) return [cell];
  const cells = new Set<string>();
  for (let dRow = -k; dRow <= k; dRow++) {
    const row = centre.row + dRow;
    if (row < 0 || row >= centre.rows) continue;
    // On the top and bottom edges of the square every column; in between only its two sides.
    const dColumns = Math.abs(dRow) === k ? range(-k, k) : [-k, k];
    for (const dColumn of dColumns) {
      const column = mod(centre.column + dColumn, centre.columns);
      if (Math.max(columnDistance(centre, column), Math.abs(dRow)) !== k) continue;
      cells.add(cellAt(centre.precision, column, row));
    }
  }
  return [...cells];
}

/** Columns between `cell` and `column`, the short way round the globe. */
export function columnDistance(cell: GridCell, column: number): number {
  const d = mod(column - cell.column, cell.columns);
  return Math.min(d, cell.columns - d);
}

export function gridCell(cell: string): GridCell {
  const precision = cell.length;
  checkPrecision(precision);
  let column = 0;
  let row = 0;
  for (let i = 0; i < precision; i++) {
    const value = BASE32.indexOf(cell[i]);
    if (value < 0) throw new RangeError(`not a geohash: ${JSON.stringify(cell)} (character ${JSON.stringify(cell[i])})`);
    for (let bit = 4; bit >= 0; bit--) {
      const on = (value >> bit) & 1;
      // Bit 0 of the whole hash is a longitude bit, then they alternate.
      if ((i * 5 + (4 - bit)) % 2 === 0) column = column * 2 + on;
      else row = row * 2 + on;
    }
  }
  const { lonBits, latBits } = bitsOf(precision);
  return { precision, column, row, columns: 2 ** lonBits, rows: 2 ** latBits };
}

function cellAt(precision: number, column: number, row: number): string {
  const { lonBits, latBits } = bitsOf(precision);
  let lonBit = lonBits;
  let latBit = latBits;
  let hash = '';
  let value = 0;
  for (let i = 0; i < precision * 5; i++) {
    const on = i % 2 === 0 ? Math.floor(column / 2 ** --lonBit) % 2 : Math.floor(row / 2 ** --latBit) % 2;
    value = value * 2 + on;
    if (i % 5 === 4) {
      hash += BASE32[value];
      value = 0;
    }
  }
  return hash;
}

function bisect(value: number, low: number, high: number, bits: number): number {
  let index = 0;
  for (let i = 0; i < bits; i++) {
    const mid = (low + high) / 2;
    if (value >= mid) {
      index = index * 2 + 1;
      low = mid;
    } else {
      index *= 2;
      high = mid;
    }
  }
  return index;
}

function bitsOf(precision: number): { lonBits: number; latBits: number } {
  return { lonBits: Math.ceil((precision * 5) / 2), latBits: Math.floor((precision * 5) / 2) };
}

function checkPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 1 || precision > MAX_PRECISION) {
    throw new RangeError(`geohash precision must be an integer from 1 to ${MAX_PRECISION}, got ${precision}`);
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
