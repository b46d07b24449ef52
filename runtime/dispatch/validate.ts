/**
 * Request validation in one place: every refusal names the field (`dropoff.lat`, `items[2].quantity`)
 * and happens before anything is written.
 */
import { isRecord } from '../shared/events/malformed-event-error';
import { InvalidPositionError, parsePosition, type Position } from './geo/position';
import { HttpError } from './http-error';

export type JsonObject = Record<string, unknown>;

export type { Position };

export interface OrderItem {
  name: string;
  quantity: number;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const MAX_ITEMS = 50;

const invalid = (field: string, message: string) => new HttpError(400, 'invalid_field', `${field} ${message}`, field);

/** The body as a JSON object: 413 over maxBytes, 400 when not JSON or not an object; an empty body is `{}`. */
export function readJsonBody(body: Buffer, maxBytes: number): JsonObject {
  checkBodySize(body, maxBytes);
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'malformed_json', `request body is not JSON (${(err as Error).message})`);
  }
  if (!isRecord(parsed)) throw new HttpError(400, 'invalid_body', 'request body must be a JSON object');
  return parsed;
}

export function checkBodySize(body: Buffer, maxBytes: number): void {
  if (body.length > maxBytes) throw new HttpError(413, 'body_too_large', `request body is ${body.length} bytes, the limit is ${maxBytes}`);
}

/** An id of a seller, courier or order (also a Table Store key and a push account): 1–64 of [A-Za-z0-9_.:-]. */
export function requiredId(source: JsonObject, field: string, label = field): string {
  const value = source[field];
  if (value === undefined || value === null) throw invalid(label, 'is required');
  if (typeof value !== 'string') throw invalid(label, 'must be a string');
  if (!ID.test(value)) throw invalid(label, 'must be 1-64 characters of A-Z a-z 0-9 _ . : - starting with a letter or digit');
  return value;
}

export function requiredString(source: JsonObject, field: string, maxLength: number, label = field): string {
  const value = source[field];
  if (value === undefined || value === null) throw invalid(label, 'is required');
  if (typeof value !== 'string') throw invalid(label, 'must be a string');
  if (value.length === 0 || value.length > maxLength) throw invalid(label, `must be 1-${maxLength} characters`);
  return value;
}

export function optionalString(source: JsonObject, field: string, maxLength: number, label = field): string | undefined {
  return source[field] === undefined ? undefined : requiredString(source, field, maxLength, label);
}

export function optionalInteger(source: JsonObject, field: string, min: number, max: number, label = field): number | undefined {
  const value = source[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(label, 'must be an integer');
  if (value < min || value > max) throw invalid(label, `must be between ${min} and ${max}`);
  return value;
}

export function requiredEnum<T extends string>(source: JsonObject, field: string, values: readonly T[], label = field): T {
  const value = source[field];
  if (value === undefined || value === null) throw invalid(label, 'is required');
  if (typeof value !== 'string' || !values.includes(value as T)) throw invalid(label, `must be one of ${values.join(', ')}`);
  return value as T;
}

export function requiredObject(source: JsonObject, field: string, label = field): JsonObject {
  const value = source[field];
  if (value === undefined || value === null) throw invalid(label, 'is required');
  if (!isRecord(value)) throw invalid(label, 'must be an object');
  return value;
}

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
  if (value === undefined || value === null) throw invalid(field, 'is required');
  if (!Array.isArray(value)) throw invalid(field, 'must be an array');
  if (value.length === 0 || value.length > MAX_ITEMS) throw invalid(field, `must have 1-${MAX_ITEMS} entries`);
  return value.map((item: unknown, i) => {
    const label = `${field}[${i}]`;
    if (!isRecord(item)) throw invalid(label, 'must be an object');
    const name = requiredString(item, 'name', 200, `${label}.name`);
    const quantity = optionalInteger(item, 'quantity', 1, 999, `${label}.quantity`);
    if (quantity === undefined) throw invalid(`${label}.quantity`, 'is required');
    return { name, quantity };
  });
}

/** The `{id}` of the path (the router's match, else API Gateway's pathParameters). */
export function pathId(params: Record<string, string>, field: string): string {
  return requiredId(params, 'id', field);
}
