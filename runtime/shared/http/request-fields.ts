/**
 * Validators of request fields (body fields and path parameters): every refusal is a 400 that
 * names the field (`dropoff.lat`, `items[2].quantity`), thrown before anything is written.
 */
import { isRecord } from '../events/malformed-event-error';
import { HttpError } from './http-error';
import type { JsonObject } from './json-body';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** The 400 of a field; `label` is the field's full path in the request. */
export const invalidField = (label: string, message: string) => new HttpError(400, 'invalid_field', `${label} ${message}`, label);

/** An id (also a Table Store key and a push account): 1–64 of [A-Za-z0-9_.:-]. */
export function requiredId(source: JsonObject, field: string, label = field): string {
  const value = source[field];
  if (value === undefined || value === null) throw invalidField(label, 'is required');
  if (typeof value !== 'string') throw invalidField(label, 'must be a string');
  if (!ID.test(value)) throw invalidField(label, 'must be 1-64 characters of A-Z a-z 0-9 _ . : - starting with a letter or digit');
  return value;
}

export function requiredString(source: JsonObject, field: string, maxLength: number, label = field): string {
  const value = source[field];
  if (value === undefined || value === null) throw invalidField(label, 'is required');
  if (typeof value !== 'string') throw invalidField(label, 'must be a string');
  if (value.length === 0 || value.length > maxLength) throw invalidField(label, `must be 1-${maxLength} characters`);
  return value;
}

export function optionalString(source: JsonObject, field: string, maxLength: number, label = field): string | undefined {
  return source[field] === undefined ? undefined : requiredString(source, field, maxLength, label);
}

export function optionalInteger(source: JsonObject, field: string, min: number, max: number, label = field): number | undefined {
  const value = source[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidField(label, 'must be an integer');
  if (value < min || value > max) throw invalidField(label, `must be between ${min} and ${max}`);
  return value;
}

export function requiredEnum<T extends string>(source: JsonObject, field: string, values: readonly T[], label = field): T {
  const value = source[field];
  if (value === undefined || value === null) throw invalidField(label, 'is required');
  if (typeof value !== 'string' || !values.includes(value as T)) throw invalidField(label, `must be one of ${values.join(', ')}`);
  return value as T;
}

export function requiredObject(source: JsonObject, field: string, label = field): JsonObject {
  const value = source[field];
  if (value === undefined || value === null) throw invalidField(label, 'is required');
  if (!isRecord(value)) throw invalidField(label, 'must be an object');
  return value;
}

/** The `{id}` path parameter, refused under the name `field` (e.g. orderId). */
export function pathId(params: Record<string, string>, field: string): string {
  return requiredId(params, 'id', field);
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * A string that is well-formed Unicode: Table Store stores UTF-8, and every lone surrogate encodes to
 * the same replacement bytes, so two different values would be stored (or hashed) as one.
 */
export function requiredWellFormedString(source: JsonObject, field: string, maxLength: number, label = field): string {
  const value = requiredString(source, field, maxLength, label);
  if (LONE_SURROGATE.test(value)) throw invalidField(label, 'must be well-formed Unicode (it has an unpaired surrogate)');
  return value;
}
