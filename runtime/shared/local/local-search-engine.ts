/**
 * The search port on an embedded full-text engine (MiniSearch), with the Table Store search index's
 * query semantics: text tokenized by the single-word analyzer, a match needs every query token
 * (operator AND, no prefixes, no fuzziness), keyword fields match whole values, hits come largest
 * `sortBy` first then by id, and a cursor continues after the last hit of a page. Versions and
 * tombstones are kept beside the index, so apply() is versioned and idempotent as the port says.
 */
import MiniSearch from 'minisearch';
import {
  MAX_SEARCH_LIMIT,
  queryProblem,
  schemaProblem,
  type IndexChange,
  type IndexResult,
  type SearchEngine,
  type SearchFields,
  type SearchHit,
  type SearchPage,
  type SearchQuery,
  type SearchSchema,
} from '../search/search-engine';
import { singleWordTokens } from '../search/single-word-tokens';

interface Held {
  version: number;
  /** Undefined: a tombstone. */
  fields?: SearchFields;
}

/** The same batch limit as Table Store's BatchWriteRow, so code that batches for the cloud batches here too. */
const LOCAL_MAX_BATCH = 200;

export class LocalSearchEngine implements SearchEngine {
  readonly maxBatch = LOCAL_MAX_BATCH;
  /** Every apply() call, for tests and benchmarks that count engine calls. */
  applyCalls = 0;
  private readonly held = new Map<string, Held>();
  private readonly index: MiniSearch<Record<string, unknown>>;
  private readonly textFields: string[];

  constructor(private readonly schema: SearchSchema) {
    this.textFields = Object.entries(schema)
      .filter(([, type]) => type === 'text')
      .map(([name]) => name);
    this.index = new MiniSearch({
      idField: '__id',
      fields: this.textFields,
      tokenize: singleWordTokens,
      processTerm: (term) => term,
      extractField: (doc, field) => {
        const value = doc[field];
        return typeof value === 'string' ? value : '';
      },
    });
  }

  async apply(changes: readonly IndexChange[]): Promise<IndexResult[]> {
    this.applyCalls++;
    if (changes.length > this.maxBatch) throw new RangeError(`at most ${this.maxBatch} changes per call, got ${changes.length}`);
    return changes.map((change) => this.applyOne(change));
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const problem = queryProblem(this.schema, query);
    if (problem) throw new RangeError(problem);
    const after = query.cursor === undefined ? undefined : parseCursor(query.cursor);
    const ids = query.match
      ? this.index.search(query.match.text, { fields: [query.match.field], combineWith: 'AND', prefix: false, fuzzy: false }).map((r) => String(r.id))
      : [...this.held.keys()];
    const hits: SearchHit[] = [];
    for (const id of ids) {
      const held = this.held.get(id);
      if (!held?.fields || !matchesTerms(held.fields, query.terms)) continue;
      hits.push({ id, version: held.version, fields: held.fields });
    }
    const sortValue = (hit: SearchHit) => Number(hit.fields[query.sortBy] ?? Number.MIN_SAFE_INTEGER);
    hits.sort((a, b) => sortValue(b) - sortValue(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const start = after ? hits.findIndex((h) => sortValue(h) < after.value || (sortValue(h) === after.value && h.id > after.id)) : 0;
    const page = start < 0 ? [] : hits.slice(start, start + Math.min(query.limit, MAX_SEARCH_LIMIT));
    const last = page.at(-1);
    const more = last !== undefined && start + page.length < hits.length;
    return { hits: page, ...(more ? { cursor: formatCursor(sortValue(last), last.id) } : {}) };
  }

  private applyOne(change: IndexChange): IndexResult {
    const problem = change.fields ? schemaProblem(this.schema, change.fields) : undefined;
    if (problem) return { outcome: 'rejected', code: 'invalid_document', message: problem };
    const current = this.held.get(change.id);
    if (current && current.version >= change.version) return { outcome: 'stale' };
    if (this.index.has(change.id)) this.index.discard(change.id);
    this.held.set(change.id, { version: change.version, ...(change.fields ? { fields: change.fields } : {}) });
    if (change.fields) this.index.add({ ...change.fields, __id: change.id });
    return { outcome: 'applied' };
  }
}

function matchesTerms(fields: SearchFields, terms: SearchQuery['terms']): boolean {
  for (const [field, wanted] of Object.entries(terms ?? {})) {
    const value = fields[field];
    if (Array.isArray(value) ? !value.includes(wanted) : value !== wanted) return false;
  }
  return true;
}

function formatCursor(value: number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function parseCursor(cursor: string): { value: number; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string') {
    throw new RangeError('cursor is not one this engine gave');
  }
  return { value: parsed[0], id: parsed[1] };
}
