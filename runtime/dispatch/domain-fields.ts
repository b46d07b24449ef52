/** Request fields of the dispatch domain: positions and order items (the generic validators are in shared/http). */
import { HttpError, invalidField, optionalInteger, requiredObject, requiredString, requiredWellFormedString, type JsonObject } from '../shared/http';
import { isRecord } from '../shared/events/malformed-event-error';
import { InvalidPositionError, parsePosition, type Position } from './geo/position';

export interface OrderItem {
  name: string;
  quantity: number;
}

const MAX_ITEMS = 50;

/** `{ lat, lon }` under `field` (the geo module's rules: finite, lat in [-90, 90], lon in [-180, 180]). */
export function requiredPosition(source: JsonObject, field: string): Position {
  requiredObject(source, field);
  try {
    return parsePosition(source[field], field);
  } catch (err) {
    if (err instanceof InvalidPositionError) throw new HttpError(400, 'invalid_field', err.message, err.field);
    throw err;
  }
}

export function requiredItems(source: JsonObject, field: string): OrderItem[] {
  const value = source[field];
  if (value === undefined || value === null) throw invalidField(field, 'is required');
  if (!Array.isArray(value)) throw invalidField(field, 'must be an array');
  if (value.length === 0 || value.length > MAX_ITEMS) throw invalidField(field, `must have 1-${MAX_ITEMS} entries`);
  return value.map((item: unknown, i) => {
    const label = `${field}[${i}]`;
    if (!isRecord(item)) throw invalidField(label, 'must be an object');
    const name = requiredString(item, 'name', 200, `${label}.name`);
    const quantity = optionalInteger(item, 'quantity', 1, 999, `${label}.quantity`);
    if (quantity === undefined) throw invalidField(`${label}.quantity`, 'is required');
    return { name, quantity };
  });
}

/** In a `u` regex a surrogate range matches only unpaired surrogates (pairs are read as one code point). */
/** An idempotency key: hashed as UTF-8, so it must be well-formed Unicode (requiredWellFormedString). */
export function requiredIdempotencyKey(source: JsonObject, field: string, maxLength: number): string {
  return requiredWellFormedString(source, field, maxLength);
}
