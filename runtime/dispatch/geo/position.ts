/** A point on the Earth in decimal degrees (WGS 84), and the check every position from outside goes through. */

export interface Position {
  readonly lat: number;
  readonly lon: number;
}

/** A position that is not one; `field` names the offending field, e.g. `seller.lat`. */
export class InvalidPositionError extends Error {
  readonly code = 'InvalidPosition';

  constructor(
    readonly field: string,
    readonly value: unknown,
    rule: string,
  ) {
    super(`${field} ${rule}, got ${describe(value)}`);
    this.name = 'InvalidPositionError';
  }
}

/** The position in `value`, or InvalidPositionError naming the first field that breaks a rule. */
export function parsePosition(value: unknown, name = 'position'): Position {
  if (typeof value !== 'object' || value === null) throw new InvalidPositionError(name, value, 'must be an object with lat and lon');
  const { lat, lon } = value as Record<string, unknown>;
  return { lat: coordinate(lat, `${name}.lat`, 90), lon: coordinate(lon, `${name}.lon`, 180) };
}

function coordinate(value: unknown, field: string, limit: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -limit || value > limit) {
    throw new InvalidPositionError(field, value, `must be a finite number from -${limit} to ${limit}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return JSON.stringify(value) ?? String(value);
  return String(value);
}
