/**
 * The search port: documents pushed into a search engine by version, and the queries a pattern's
 * API answers from it (never from a table scan). Adapters: the Table Store search index
 * (cloud/ots-search-engine.ts) and an embedded full-text engine (local/local-search-engine.ts).
 *
 * Versioned and idempotent: a change is applied only when the engine holds no newer (or equal)
 * version of its document, and a delete is kept as a tombstone of its version, so an older update
 * re-delivered after it never brings the document back. Re-delivering a change is a no-op ('stale').
 */

import type { SearchSchema } from '../ots-contract';

export type { SearchFieldType, SearchSchema } from '../ots-contract';
export type SearchValue = string | number | readonly string[];
export type SearchFields = Readonly<Record<string, SearchValue>>;

/** One document's state at `version`; without `fields` the document was deleted at that version. */
export interface IndexChange {
  id: string;
  version: number;
  fields?: SearchFields;
}

export type IndexResult =
  /** Applied, or already superseded: either way nothing is left to do for the change. */
  | { outcome: 'applied' | 'stale' }
  /** The engine will never take this change (a poison record): park it, do not retry it. */
  | { outcome: 'rejected'; code: string; message: string }
  /** Not applied this time (throttled, busy): retry it. */
  | { outcome: 'retry'; code: string; message: string };

/** Table Store returns at most 100 rows per search request. https://www.alibabacloud.com/help/en/tablestore/table-store-service/product-overview/limits-on-search-index */
export const MAX_SEARCH_LIMIT = 100;

export interface SearchQuery {
  /** Full text: documents whose `field` holds every token of `text`, in any order (Table Store MatchQuery, operator AND). */
  match?: { field: string; text: string };
  /** Exact values of keyword fields (a `keywords` field matches when any of its values does). */
  terms?: Readonly<Record<string, string>>;
  /** A `long` field: largest first, then by id. */
  sortBy: string;
  /** 1 to MAX_SEARCH_LIMIT. */
  limit: number;
  /** Where the previous page ended (its `cursor`). */
  cursor?: string;
}

export interface SearchHit {
  id: string;
  version: number;
  fields: SearchFields;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Present while more hits follow. */
  cursor?: string;
}

export interface SearchEngine {
  /** The most changes one apply() call takes (Table Store's BatchWriteRow: 200 rows). */
  readonly maxBatch: number;
  /** One result per change, in order. Throws when the engine could not be reached at all. */
  apply(changes: readonly IndexChange[]): Promise<IndexResult[]>;
  search(query: SearchQuery): Promise<SearchPage>;
}

/** Why a document does not fit the schema (undefined when it does). */
export function schemaProblem(schema: SearchSchema, fields: SearchFields): string | undefined {
  for (const [name, value] of Object.entries(fields)) {
    const type = schema[name];
    if (!type) return `field ${name} is not in the search schema`;
    const fits =
      type === 'long'
        ? Number.isSafeInteger(value)
        : type === 'keywords'
          ? Array.isArray(value) && value.every((v) => typeof v === 'string')
          : typeof value === 'string';
    if (!fits) return `field ${name} must be ${type === 'long' ? 'an integer' : type === 'keywords' ? 'an array of strings' : 'a string'}`;
  }
  return undefined;
}

/** Why a query cannot run against the schema (undefined when it can). */
export function queryProblem(schema: SearchSchema, query: SearchQuery): string | undefined {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > MAX_SEARCH_LIMIT) {
    return `limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}, got ${query.limit}`;
  }
  if (schema[query.sortBy] !== 'long') return `sortBy ${query.sortBy} is not a long field`;
  if (query.match && schema[query.match.field] !== 'text') return `match field ${query.match.field} is not a text field`;
  for (const field of Object.keys(query.terms ?? {})) {
    if (schema[field] !== 'keyword' && schema[field] !== 'keywords') return `term field ${field} is not a keyword field`;
  }
  return undefined;
}
