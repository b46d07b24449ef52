/**
 * The search port on a Table Store search index. Documents are rows of their own table (primary
 * key `id`), which the search index (ALIYUN::OTS::SearchIndex) indexes, `_live` (BOOLEAN) included;
 * Table Store keeps the index in sync with the table by itself.
 *
 * apply() is one BatchWriteRow (at most 200 rows, 4 MB) of conditional PUTs: a row is replaced only
 * while its `_version` is lower than the change's (or the row is absent), so an older or repeated
 * change fails its condition and is 'stale'. A delete is a tombstone row (`_version`, `_live` false)
 * that queries filter out. Each row succeeds or fails on its own.
 * https://www.alibabacloud.com/help/en/tablestore/table-store-service/developer-reference/batch-write-row-in-nodejs
 */
import { createHash } from 'node:crypto';
import type { FcContext } from '../context';
import { SEARCH_LIVE_COLUMN, SEARCH_VERSION_COLUMN } from '../ots-contract';
import type { Attributes, BatchWrite, TableStore } from '../ports';
import {
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
import { OtsTableStore, type OtsTableStoreOptions } from './ots-table-store';
import { loadTableStoreSdk, tableStoreClient, type SdkRow, type TableStoreClient, type TableStoreSdk } from './tablestore-sdk';
import { fromSdkAttributes } from './tablestore-values';

const VERSION_COLUMN = SEARCH_VERSION_COLUMN;
const LIVE_COLUMN = SEARCH_LIVE_COLUMN;

/** BatchWriteRow takes at most 200 rows. https://www.alibabacloud.com/help/en/tablestore/general-limits-of-tablestore */
const MAX_BATCH_ROWS = 200;

/**
 * Row error codes worth retrying: throttling, conflicts and server-side unavailability, after the
 * Retry column of https://www.alibabacloud.com/help/en/tablestore/developer-reference/error-codes
 * (the list is ours; each code's entry there is the authority). Any other row error will not pass
 * however often it is sent (e.g. OTSParameterInvalid: a value too long), so the change is rejected.
 */
const RETRYABLE_CODES = new Set([
  'OTSRowOperationConflict',
  // The SDK's own retry logic counts it as throttling (tablestore lib/retry/retry_util.js, isServerThrottlingException).
  'OTSOperationThrottled',
  'OTSNotEnoughCapacityUnit',
  'OTSTableNotReady',
  'OTSPartitionUnavailable',
  'OTSServerBusy',
  'OTSQuotaExhausted',
  'OTSTimeout',
  'OTSInternalServerError',
  'OTSServerUnavailable',
]);

export interface OtsSearchTarget {
  /** The documents' table, with primary key `id` (STRING). */
  table: string;
  /** Its search index. */
  index: string;
  schema: SearchSchema;
}

export class OtsSearchEngine implements SearchEngine {
  readonly maxBatch = MAX_BATCH_ROWS;

  private searcher?: { sdk: TableStoreSdk; client: TableStoreClient };

  /**
   * `store` writes the documents (BatchWriteRow, our own client); `searchClient` makes the SDK client a query needs
   * (the Search API's query messages are the SDK's), on the first query only: indexing never loads the SDK.
   */
  constructor(
    private readonly store: TableStore,
    private readonly searchClient: () => { sdk: TableStoreSdk; client: TableStoreClient },
    private readonly target: OtsSearchTarget,
  ) {}

  static fromContext(context: FcContext, options: OtsTableStoreOptions & OtsSearchTarget): OtsSearchEngine {
    const searchClient = () => {
      const sdk = loadTableStoreSdk();
      return { sdk, client: tableStoreClient(sdk, context.credentials, options) };
    };
    return new OtsSearchEngine(OtsTableStore.fromContext(context, options), searchClient, options);
  }

  async apply(changes: readonly IndexChange[]): Promise<IndexResult[]> {
    if (changes.length > this.maxBatch) throw new RangeError(`at most ${this.maxBatch} changes per call, got ${changes.length}`);
    const results: Array<IndexResult | undefined> = changes.map((c) => {
      const problem = c.fields ? schemaProblem(this.target.schema, c.fields) : undefined;
      return problem ? { outcome: 'rejected', code: 'invalid_document', message: problem } : undefined;
    });
    const sent = changes.filter((_, i) => results[i] === undefined);
    if (sent.length === 0) return results as IndexResult[];
    const answers = await this.store.batchWrite(
      this.target.table,
      sent.map((c) => this.write(c)),
    );
    let next = 0;
    return results.map((result) => {
      if (result) return result;
      const answer = answers[next++];
      if (answer.ok) return { outcome: 'applied' };
      if (answer.code === 'OTSConditionCheckFail') return { outcome: 'stale' };
      return { outcome: RETRYABLE_CODES.has(answer.code) ? 'retry' : 'rejected', code: answer.code, message: answer.message };
    });
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const problem = queryProblem(this.target.schema, query);
    if (problem) throw new RangeError(problem);
    this.searcher ??= this.searchClient();
    const { sdk, client } = this.searcher;
    const { QueryType, QueryOperator, SortOrder, ColumnReturnType } = sdk;
    const term = (fieldName: string, value: string | boolean) => ({ queryType: QueryType.TERM_QUERY, query: { fieldName, term: value } });
    const must = query.match
      ? [{ queryType: QueryType.MATCH_QUERY, query: { fieldName: query.match.field, text: query.match.text, operator: QueryOperator.AND } }]
      : [];
    const filters = [term(LIVE_COLUMN, true), ...Object.entries(query.terms ?? {}).map(([field, value]) => term(field, value))];
    const searchQuery = {
      offset: 0,
      limit: query.limit,
      getTotalCount: false,
      query: { queryType: QueryType.BOOL_QUERY, query: { mustQueries: must, filterQueries: filters } },
      // The token carries the query's sort; a page after the first sends the token alone (sort beside a token: UNVERIFIED).
      ...(query.cursor
        ? { token: tokenOf(query.cursor) }
        : {
            sort: {
              sorters: [
                { fieldSort: { fieldName: query.sortBy, order: SortOrder.SORT_ORDER_DESC } },
                { primaryKeySort: { order: SortOrder.SORT_ORDER_ASC } },
              ],
            },
          }),
    };
    let response: Awaited<ReturnType<TableStoreClient['search']>>;
    try {
      response = await client.search({
        tableName: this.target.table,
        indexName: this.target.index,
        searchQuery,
        columnToGet: { returnType: ColumnReturnType.RETURN_ALL },
      });
    } catch (err) {
      // A token of another query (or an expired one) is refused as a parameter error: the caller's cursor is bad input.
      const text = `${String((err as { code?: unknown })?.code ?? '')} ${err instanceof Error ? err.message : String(err)}`;
      if (query.cursor && text.includes('OTSParameterInvalid')) throw new RangeError(`cursor is not one this engine can continue: ${text.trim()}`);
      throw err;
    }
    const hits = response.rows.map((row) => this.hit(row));
    const token = response.nextToken ? Buffer.from(response.nextToken) : undefined;
    return { hits, ...(token && token.length > 0 ? { cursor: cursorOf(token) } : {}) };
  }

  private write(change: IndexChange): BatchWrite {
    const attributes: Attributes = change.fields
      ? { ...toColumns(this.target.schema, change.fields), [VERSION_COLUMN]: change.version, [LIVE_COLUMN]: true }
      : { [VERSION_COLUMN]: change.version, [LIVE_COLUMN]: false };
    return {
      type: 'PUT',
      key: [['id', change.id]],
      attributes,
      condition: { row: 'IGNORE', column: { column: VERSION_COLUMN, op: '<', value: change.version, passIfMissing: true } },
    };
  }

  private hit(row: SdkRow): SearchHit {
    const id = String(row.primaryKey?.find((c) => c.name === 'id')?.value ?? '');
    const columns = fromSdkAttributes(row);
    const fields: Record<string, string | number | string[]> = {};
    for (const [name, type] of Object.entries(this.target.schema)) {
      const value = columns[name];
      if (value === undefined) continue;
      fields[name] = type === 'keywords' ? keywordArray(value) : (value as string | number);
    }
    return { id, version: Number(columns[VERSION_COLUMN]), fields };
  }
}

/**
 * A cursor is Table Store's next token with a checksum, so a made-up cursor is refused as bad input
 * before it is sent (the token itself is the service's and opaque).
 */
function cursorOf(token: Buffer): string {
  return `${checksum(token)}.${token.toString('base64url')}`;
}

function tokenOf(cursor: string): Buffer {
  const [sum, encoded] = cursor.split('.');
  const token = Buffer.from(encoded ?? '', 'base64url');
  if (!encoded || token.length === 0 || checksum(token) !== sum) throw new RangeError('cursor is not one this engine gave');
  return token;
}

function checksum(token: Buffer): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 8);
}

/** A keyword array as stored; a row written around the indexer with something else in it reads as no values, not a failed search. */
function keywordArray(value: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(value));
    return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** A keyword array is stored as a JSON array string, as a search index field with IsArray reads it. */
function toColumns(schema: SearchSchema, fields: SearchFields): Attributes {
  const columns: Attributes = {};
  for (const [name, value] of Object.entries(fields)) {
    columns[name] = schema[name] === 'keywords' ? JSON.stringify(value) : (value as string | number);
  }
  return columns;
}
