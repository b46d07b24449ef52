/** Request fields of the content API: a post's text and tags, a version, search parameters (the generic validators are in shared/http). */
import { invalidField, requiredWellFormedString, type JsonObject } from '../shared/http';

export const MAX_TEXT = 2000;
export const MAX_TAGS = 10;
export const MAX_TAG = 32;
export const MAX_QUERY = 200;

export function requiredText(source: JsonObject, field: string): string {
  return requiredWellFormedString(source, field, MAX_TEXT);
}

/** 0 to MAX_TAGS distinct tags of 1 to MAX_TAG characters; absent is none. */
export function tagList(source: JsonObject, field: string): string[] {
  const value = source[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidField(field, 'must be an array of strings');
  if (value.length > MAX_TAGS) throw invalidField(field, `may hold at most ${MAX_TAGS} tags`);
  const tags = value.map((_, i) => requiredWellFormedString(value as unknown as JsonObject, String(i), MAX_TAG, `${field}[${i}]`));
  const seen = new Set<string>();
  for (const [i, tag] of tags.entries()) {
    if (seen.has(tag)) throw invalidField(`${field}[${i}]`, `repeats the tag ${JSON.stringify(tag)}`);
    seen.add(tag);
  }
  return tags;
}

/** A version a post was read at: a positive integer. */
export function requiredVersion(source: JsonObject, field: string): number {
  const value = source[field];
  if (value === undefined || value === null) throw invalidField(field, 'is required');
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw invalidField(field, 'must be a positive integer');
  return value;
}
